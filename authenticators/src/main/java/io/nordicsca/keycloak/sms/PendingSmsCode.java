package io.nordicsca.keycloak.sms;

import java.util.Objects;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The code this sign-in sent, kept in the authentication session (shared by every node, gone
 * with the sign-in). It lives minutes, and "Send a new code" must send the same code again while
 * it is valid, so it is kept as sent rather than hashed. One code per sign-in: a page reload finds
 * it here and sends nothing.
 *
 * @param to         the E.164 number it went to; a changed number needs a new code
 * @param expiresAt  epoch seconds
 * @param wrongTries wrong answers given for this code
 * @param lastSentAt epoch seconds of the latest SMS with it (first send or resend)
 * @param payment    the hash ({@code Payment.hash()}) of the payment the SMS named, or null: a code
 *                   approves only the payment it was sent for (dynamic linking, PSD2 RTS art. 5)
 */
record PendingSmsCode(String code, String to, long expiresAt, int wrongTries, long lastSentAt, String payment) {

    private static final String PREFIX = "nordic-sca.sms.";
    private static final String CODE = PREFIX + "code";
    private static final String TO = PREFIX + "to";
    private static final String EXPIRES = PREFIX + "expires";
    private static final String TRIES = PREFIX + "tries";
    private static final String SENT = PREFIX + "sent";
    private static final String PAYMENT = PREFIX + "payment";

    static PendingSmsCode fresh(String to, int digits, int validSeconds, long now) {
        return fresh(to, digits, validSeconds, now, null);
    }

    /** A new code for the payment with this hash (null: a sign-in or registration code). */
    static PendingSmsCode fresh(String to, int digits, int validSeconds, long now, String payment) {
        return new PendingSmsCode(OneTimeCodes.generate(digits), to, now + validSeconds, 0, now, payment);
    }

    /** The pending code of this sign-in, or null when none was sent. */
    static PendingSmsCode read(AuthenticationSessionModel authSession) {
        String code = authSession.getAuthNote(CODE);
        if (code == null) {
            return null;
        }
        return new PendingSmsCode(code, authSession.getAuthNote(TO), Long.parseLong(authSession.getAuthNote(EXPIRES)),
                Integer.parseInt(authSession.getAuthNote(TRIES)), Long.parseLong(authSession.getAuthNote(SENT)), authSession.getAuthNote(PAYMENT));
    }

    void write(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(CODE, code);
        authSession.setAuthNote(TO, to);
        authSession.setAuthNote(EXPIRES, String.valueOf(expiresAt));
        authSession.setAuthNote(TRIES, String.valueOf(wrongTries));
        authSession.setAuthNote(SENT, String.valueOf(lastSentAt));
        if (payment == null) {
            authSession.removeAuthNote(PAYMENT);
        } else {
            authSession.setAuthNote(PAYMENT, payment);
        }
    }

    static void clear(AuthenticationSessionModel authSession) {
        for (String note : new String[] {CODE, TO, EXPIRES, TRIES, SENT, PAYMENT}) {
            authSession.removeAuthNote(note);
        }
    }

    boolean expired(long now) {
        return now >= expiresAt;
    }

    /** Sent to this number for this payment (null: for none), so it may be asked for again. */
    boolean sentFor(String number, String paymentHash) {
        return to.equals(number) && Objects.equals(payment, paymentHash);
    }

    /** Still worth asking for: not expired, tries left, and sent to this number. */
    boolean usableFor(String number, int triesPerCode, long now) {
        return !expired(now) && wrongTries < triesPerCode && to.equals(number);
    }

    /** In constant time ({@link OneTimeCodes#same}). */
    boolean matches(String answer) {
        return OneTimeCodes.same(code, answer);
    }

    PendingSmsCode withWrongTry() {
        return new PendingSmsCode(code, to, expiresAt, wrongTries + 1, lastSentAt, payment);
    }

    PendingSmsCode resentAt(long now) {
        return new PendingSmsCode(code, to, expiresAt, wrongTries, now, payment);
    }

    /** Seconds until "Send a new code" may be used; 0 when it may now. */
    long resendIn(int cooldownSeconds, long now) {
        return Math.max(0, lastSentAt + cooldownSeconds - now);
    }
}
