package io.nordicsca.it.support;

/**
 * Lockout's one page for a refused answer (login-nordic-sca-locked.ftl), read as the customer
 * reads it: which factor is locked, until when, and what to do.
 */
public final class LockPage {

    public static final String TEXT_ID = "nordic-sca-locked-text";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    private LockPage() {
    }

    /** The lock text on the page, or null when the page is not lockout's page. */
    public static String text(Page page) {
        return page.textOf(TEXT_ID);
    }

    /** "Your code card is locked ... Try again in 15 minutes" for factor {@code code-card}, {@code sms}, {@code app}, {@code password}. */
    public static String temporary(String factor, long minutes) {
        return ENGLISH.text("nordicScaLocked.TEMPORARY", who(factor), minutes);
    }

    /** Locked until the bank opens it. */
    public static String bank(String factor) {
        return ENGLISH.text("nordicScaLocked.BANK", who(factor));
    }

    /** Locked until the customer unlocks it. */
    public static String selfService(String factor) {
        return ENGLISH.text("nordicScaLocked.SELF_SERVICE", who(factor));
    }

    /** This sign-in may not answer any more (its guesses are used up, or Keycloak locked the account). */
    public static String blocked() {
        return ENGLISH.text("nordicScaLocked.BLOCKED");
    }

    private static String who(String factor) {
        return ENGLISH.text("nordicScaFactor." + factor);
    }
}
