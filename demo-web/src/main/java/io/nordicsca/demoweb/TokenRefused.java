package io.nordicsca.demoweb;

/** The web app does not accept what came back from Keycloak; {@link Reason} names the check that failed. */
final class TokenRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Each one is a message key {@code refused.<name>} in the bundles. */
    enum Reason {
        MALFORMED, ALGORITHM, UNKNOWN_KEY, SIGNATURE, ISSUER, AUDIENCE, EXPIRED, NONCE, LEVEL, PAYMENT;

        String messageKey() {
            return "refused." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    TokenRefused(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
