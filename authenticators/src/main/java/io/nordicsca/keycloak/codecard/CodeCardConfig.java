package io.nordicsca.keycloak.codecard;

import java.util.List;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The code card step's settings, each declared once as a {@link Setting}: the admin console form
 * ({@link #PROPERTIES}) and the reading with defaults and range checks ({@link #from}).
 * The issuing settings (positions, digits, validity) are the defaults of the issuing endpoint.
 */
public record CodeCardConfig(boolean singleUse, int lowCellsThreshold, int positions, int digits, int validDays,
        boolean possessionElement) {

    static final Setting.Switch SINGLE_USE = Setting.bool("singleUse", "Each security number once",
            "On (recommended, NIST SP 800-63B): a security number that was used is never asked again. "
                    + "Off only for legacy cards whose numbers are reused.", true);
    static final Setting.Whole LOW_CELLS_THRESHOLD = Setting.integer("lowCellsThreshold", "Warn when fewer numbers are left",
            "After signing in, the customer is told that the card is running out when fewer unused numbers "
                    + "than this remain, and a LOW_CELLS event is sent for the bank to mail a new card. 0 turns it off.",
            20, 0, CodeCardSpec.MAX_POSITIONS);
    static final Setting.Whole POSITIONS = Setting.integer("positions", "Numbers on a new card",
            "How many security numbers a card issued in this realm has.",
            CodeCardSpec.DEFAULT_POSITIONS, CodeCardSpec.MIN_POSITIONS, CodeCardSpec.MAX_POSITIONS);
    static final Setting.Whole DIGITS = Setting.integer("digits", "Digits per number",
            "Digits of each security number on a new card.", CodeCardSpec.DEFAULT_DIGITS, CodeCardSpec.MIN_DIGITS, CodeCardSpec.MAX_DIGITS)
            .note("Fewer than " + CodeCardSpec.NIST_MIN_DIGITS + " is below NIST SP 800-63B (look-up secrets need at least 6 digits).");
    static final Setting.Whole VALID_DAYS = Setting.integer("validDays", "Card valid for (days)",
            "A new card expires this many days after issue; 0 means it does not expire.", 0, 0, CodeCardSpec.MAX_VALID_DAYS);

    static final Setting.Switch POSSESSION_ELEMENT = Setting.bool("possessionElement", "Possession element (SCA)",
            "Under EBA-Op-2019-06 a printed card is not a possession element unless the bank decides so. On: the card is a "
                    + "second factor for signing in. Off: the card is asked only to unlock (reset credentials), never to sign in.",
            false);

    public static final List<Setting<?>> SETTINGS = List.of(SINGLE_USE, LOW_CELLS_THRESHOLD, POSITIONS, DIGITS, VALID_DAYS,
            POSSESSION_ELEMENT);

    public static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    public static CodeCardConfig from(AuthenticatorConfigModel model) {
        ConfigValues values = ConfigValues.of(model);
        return new CodeCardConfig(SINGLE_USE.read(values), LOW_CELLS_THRESHOLD.read(values), POSITIONS.read(values),
                DIGITS.read(values), VALID_DAYS.read(values), POSSESSION_ELEMENT.read(values));
    }

    /** The card this realm issues unless the request says otherwise. */
    CodeCardSpec issuingDefaults() {
        return new CodeCardSpec(positions, digits, validDays == 0 ? null : validDays);
    }
}
