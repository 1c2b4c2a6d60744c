package io.nordicsca.keycloak.posture;

/**
 * One thing in a realm that undermines strong customer authentication.
 *
 * @param id       stable identifier (for alerting and suppression lists), e.g. {@code grant.password}
 * @param severity how directly it leads to a token without a second factor
 * @param subject  what it is about: a client id, a flow alias, an identity provider alias, or the realm
 * @param problem  what is wrong, in one sentence
 * @param fix      what to change, in one sentence
 */
public record PostureFinding(String id, Severity severity, String subject, String problem, String fix) {

    public enum Severity {
        /** A customer gets tokens (or a session) without a second factor today. */
        HIGH,
        /** Weakens strong authentication or its evidence, or becomes a bypass with one more setting. */
        MEDIUM,
        /** Short of what PSD2 or NIST 800-63B ask, without a direct bypass. */
        LOW,
        /** No weakness: a choice the bank made that its auditors should see (a realm with only these is clean). */
        INFO
    }

    /** One line for the server log. */
    String logLine() {
        return severity + " " + id + " [" + subject + "]: " + problem + " Fix: " + fix;
    }
}
