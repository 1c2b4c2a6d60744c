package io.nordicsca.keycloak.errors;

import java.util.List;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.RealmSettings;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.models.RealmModel;

/**
 * The bank's customer service as error pages show it: a phone number and opening hours, realm-wide.
 *
 * <p>Both live in the realm's Nordic SCA settings ({@link RealmSettings}). Without them, or with a
 * value the tab refuses, the defaults apply: no phone, no hours, and the page tells the
 * customer to contact the bank without a number (never a made-up number).
 */
public record SupportContact(String phone, String hours) {

    static final int PHONE_MAX = 32;
    static final int HOURS_MAX = 100;
    /** What a phone number as printed looks like: digits, spaces, a leading +, dashes, brackets. */
    private static final Pattern PHONE_FORM = Pattern.compile("\\+?[0-9][0-9 ()\\-]{2,31}");

    /**
     * The two settings, declared once: the Nordic SCA settings tab lists these. Labels and help are
     * message keys the admin console translates (the tab's bundles); the defaults are empty: a bank
     * that has not typed its number shows none rather than a made-up one. A value the tab refuses
     * reads as empty.
     */
    public static final Setting.Text<String> PHONE = Setting.text("supportPhone", "nordicScaSettings.supportPhone",
            "nordicScaSettings.supportPhone.help", "", phone -> phoneProblem(phone) == null ? phone : null, SupportContact::phoneProblem).localized();
    public static final Setting.Text<String> HOURS = Setting.text("supportHours", "nordicScaSettings.supportHours",
            "nordicScaSettings.supportHours.help", "", hours -> hoursProblem(hours) == null ? hours : null, SupportContact::hoursProblem).localized();

    public static final List<Setting<?>> SETTINGS = List.of(PHONE, HOURS);

    public static final SupportContact NONE = new SupportContact("", "");

    public SupportContact {
        phone = phone == null ? "" : phone.strip();
        hours = hours == null ? "" : hours.strip();
    }

    /** The realm's support contact; {@link #NONE} when the realm has no Nordic SCA settings. */
    public static SupportContact of(RealmModel realm) {
        return from(RealmSettings.of(realm));
    }

    /** Reads the settings without ever throwing: a value the tab would refuse reads as empty; hours without a phone are dropped. */
    static SupportContact from(ConfigValues settings) {
        String phone = PHONE.read(settings);
        return new SupportContact(phone, phone.isEmpty() ? "" : HOURS.read(settings));
    }

    public boolean hasPhone() {
        return !phone.isEmpty();
    }

    static String phoneProblem(String phone) {
        if (phone.isEmpty()) {
            return null;
        }
        return phone.length() <= PHONE_MAX && PHONE_FORM.matcher(phone).matches() ? null
                : "supportPhone: up to " + PHONE_MAX + " characters: digits, spaces, a leading +, dashes and brackets.";
    }

    static String hoursProblem(String hours) {
        return hours.length() <= HOURS_MAX && hours.codePoints().noneMatch(Character::isISOControl) ? null
                : "supportHours: up to " + HOURS_MAX + " characters on one line.";
    }
}
