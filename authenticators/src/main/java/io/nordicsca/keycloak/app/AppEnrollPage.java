package io.nordicsca.keycloak.app;

/**
 * The "activate the app" page's model ({@value EnrollAppDeviceAction#TEMPLATE}, attribute {@value #ATTRIBUTE}).
 * The template switches on {@link #state()}; fields a state does not show are 0 or empty.
 *
 * @param state        which page
 * @param payload      ENROLL: what the QR code carries, also shown as text
 * @param qr           ENROLL: the QR code as a PNG data URI
 * @param minutes      ENROLL: how long the code can be used
 * @param delayMinutes ENROLL: the bank's activation delay (0: none)
 */
public record AppEnrollPage(State state, String payload, String qr, long minutes, int delayMinutes) {

    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "app";

    public enum State {
        /** The QR code and the same text. */
        ENROLL,
        /** This sign-in has not passed another strong factor: the page's error message says so. */
        NOT_ALLOWED
    }

    static AppEnrollPage enroll(String payload, String qr, long minutes, int delayMinutes) {
        return new AppEnrollPage(State.ENROLL, payload, qr, minutes, delayMinutes);
    }

    static AppEnrollPage notAllowed() {
        return new AppEnrollPage(State.NOT_ALLOWED, "", "", 0, 0);
    }
}
