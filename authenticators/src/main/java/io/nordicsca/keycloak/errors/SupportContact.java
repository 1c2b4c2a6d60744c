package io.nordicsca.keycloak.errors;

import java.util.List;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.RealmSettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The bank's customer service as error pages show it: a phone number and opening hours, realm-wide.
 *
 * <p>Both live in the realm's Nordic SCA settings ({@link RealmSettings}). Without them, or with a
 * value that fails {@link #validate}, the defaults apply: no phone, no hours, and the page tells the
 * customer to contact the bank without a number (never a made-up number).
 */
public record SupportContact(String phone, String hours) {

    public static final String PHONE = "supportPhone";
    public static final String HOURS = "supportHours";

    static final int PHONE_MAX = 32;
    static final int HOURS_MAX = 100;
    /** What a phone number as printed looks like: digits, spaces, a leading +, dashes, brackets. */
    private static final Pattern PHONE_FORM = Pattern.compile("\\+?[0-9][0-9 ()\\-]{2,31}");

    /**
     * The two settings, declared once: the Nordic SCA settings tab lists these. Labels and help are
     * message keys the admin console translates (the tab's bundles); the defaults are empty: a bank
     * that has not typed its number shows none rather than a made-up one.
     */
    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(PHONE).label("nordicScaSettings.supportPhone").helpText("nordicScaSettings.supportPhone.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
            .property().name(HOURS).label("nordicScaSettings.supportHours").helpText("nordicScaSettings.supportHours.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
            .build();

    public static final SupportContact NONE = new SupportContact("", "");

    public SupportContact {
        phone = phone == null ? "" : phone.strip();
        hours = hours == null ? "" : hours.strip();
    }

    /** The realm's support contact; {@link #NONE} when the realm has no Nordic SCA settings. */
    public static SupportContact of(RealmModel realm) {
        return from(RealmSettings.of(realm));
    }

    /** Reads the settings without ever throwing: a value that {@link #validate} refuses reads as its default. */
    static SupportContact from(ConfigValues settings) {
        String phone = settings.text(PHONE, "");
        String hours = settings.text(HOURS, "");
        if (phoneProblem(phone) != null) {
            phone = "";
        }
        if (phone.isEmpty() || hoursProblem(hours) != null) {
            hours = "";
        }
        return new SupportContact(phone, hours);
    }

    /** For the settings tab's {@code validateConfiguration}: refuses what {@link #of} would ignore. */
    public static void validate(ComponentModel model) throws ComponentValidationException {
        String problem = phoneProblem(strip(model.get(PHONE)));
        if (problem == null) {
            problem = hoursProblem(strip(model.get(HOURS)));
        }
        if (problem != null) {
            throw new ComponentValidationException(problem);
        }
    }

    public boolean hasPhone() {
        return !phone.isEmpty();
    }

    static String phoneProblem(String phone) {
        if (phone.isEmpty()) {
            return null;
        }
        return phone.length() <= PHONE_MAX && PHONE_FORM.matcher(phone).matches() ? null
                : PHONE + ": up to " + PHONE_MAX + " characters: digits, spaces, a leading +, dashes and brackets";
    }

    static String hoursProblem(String hours) {
        return hours.length() <= HOURS_MAX && hours.codePoints().noneMatch(Character::isISOControl) ? null
                : HOURS + ": up to " + HOURS_MAX + " characters on one line";
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
