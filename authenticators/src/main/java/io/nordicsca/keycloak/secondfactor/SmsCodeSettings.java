package io.nordicsca.keycloak.secondfactor;

import java.util.Locale;

import io.nordicsca.keycloak.config.Setting;

/**
 * The settings that shape an SMS code and its page, declared once: the SMS step reads them, and so
 * does the unlock flow's decoy, which must show exactly the SMS step's page (same digits, validity,
 * resend wait, tries and answer time) without importing the SMS capability.
 */
public final class SmsCodeSettings {

    /** The SMS step's default "answer within" (seconds), see {@link AnswerClock}. */
    public static final int ANSWER_WITHIN = 300;

    public static final Setting.Whole DIGITS = Setting.integer("digits", "Digits per code", "Digits of each SMS code.", 6, 4, 10)
            .note("NIST SP 800-63B asks for at least 6.");
    public static final Setting.Whole VALID_SECONDS = Setting.integer("validSeconds", "Code valid for (seconds)",
            "How long a sent code can be used.", 300, 10, 600).note("NIST SP 800-63B allows at most 10 minutes.");
    public static final Setting.Whole RESEND_COOLDOWN = Setting.integer("resendCooldownSeconds", "Wait before 'Send a new code' (seconds)",
            "The customer can ask for the code again after this many seconds. While the code is valid the same code is sent again.", 30, 0, 300);
    public static final Setting.Whole TRIES_PER_CODE = Setting.integer("triesPerCode", "Tries per code",
            "Wrong answers a code allows before a new one must be sent.", 3, 1, 10)
            .note("Every wrong answer also counts towards the realm's brute-force lockout.");
    public static final Setting.Text<String> DEFAULT_REGION = Setting.text("defaultRegion", "Country of numbers without country code",
            "Two-letter country code used to read numbers written without +country, such as 070 123 45 67.", "SE",
            SmsCodeSettings::region, text -> region(text) == null ? "defaultRegion: a two-letter country code such as SE." : null);

    private SmsCodeSettings() {
    }

    /** A two-letter country code in upper case; null for anything else. */
    private static String region(String text) {
        String region = text.toUpperCase(Locale.ROOT);
        return region.matches("[A-Z]{2}") ? region : null;
    }
}
