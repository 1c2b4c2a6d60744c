package io.nordicsca.keycloak.app;

/**
 * How the customer ties the app's request to the browser (NIST SP 800-63B rev 4 no longer accepts
 * approving alone: push fatigue). {@link #ENTER} is the default: in {@link #SELECT} a customer who
 * taps without looking still approves one request in three.
 */
enum VerificationMode {
    /** Both show the event ID; the customer checks they match. */
    COMPARE("compare"),
    /** The app offers three event IDs; the customer picks the one the browser shows (a blind tap wins 1 in 3). */
    SELECT("select"),
    /** The customer types the browser's event ID into the app (default). */
    ENTER("enter");

    private final String id;

    VerificationMode(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static VerificationMode of(String id) {
        for (VerificationMode mode : values()) {
            if (mode.id.equals(id)) {
                return mode;
            }
        }
        return ENTER;
    }
}
