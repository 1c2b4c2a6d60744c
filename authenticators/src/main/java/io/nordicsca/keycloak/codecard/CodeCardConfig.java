package io.nordicsca.keycloak.codecard;

import java.util.List;

import io.nordicsca.keycloak.config.ConfigValues;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The code card step's settings, declared once: the admin console form is built from
 * {@link #PROPERTIES}, and {@link #from} reads them with defaults and range checks.
 * The issuing settings (positions, digits, validity) are the defaults of the issuing endpoint.
 */
public record CodeCardConfig(boolean singleUse, int lowCellsThreshold, int positions, int digits, int validDays) {

    static final String SINGLE_USE = "singleUse";
    static final String LOW_CELLS_THRESHOLD = "lowCellsThreshold";
    static final String POSITIONS = "positions";
    static final String DIGITS = "digits";
    static final String VALID_DAYS = "validDays";

    static final int DEFAULT_LOW_CELLS_THRESHOLD = 20;

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(SINGLE_USE).label("Each security number once")
            .helpText("On (recommended, NIST SP 800-63B): a security number that was used is never asked again. "
                    + "Off only for legacy cards whose numbers are reused.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(LOW_CELLS_THRESHOLD).label("Warn when fewer numbers are left")
            .helpText("After signing in, the customer is told that the card is running out when fewer unused numbers "
                    + "than this remain, and a LOW_CELLS event is sent for the bank to mail a new card. 0 turns it off. Default 20.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(DEFAULT_LOW_CELLS_THRESHOLD)).add()
            .property().name(POSITIONS).label("Numbers on a new card")
            .helpText("How many security numbers a card issued in this realm has, " + CodeCardSpec.MIN_POSITIONS + " to "
                    + CodeCardSpec.MAX_POSITIONS + ". Default " + CodeCardSpec.DEFAULT_POSITIONS + ".")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(CodeCardSpec.DEFAULT_POSITIONS)).add()
            .property().name(DIGITS).label("Digits per number")
            .helpText("Digits of each security number on a new card, " + CodeCardSpec.MIN_DIGITS + " to " + CodeCardSpec.MAX_DIGITS
                    + ". Fewer than " + CodeCardSpec.NIST_MIN_DIGITS + " is below NIST SP 800-63B (look-up secrets need at least 6 digits). Default 6.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(CodeCardSpec.DEFAULT_DIGITS)).add()
            .property().name(VALID_DAYS).label("Card valid for (days)")
            .helpText("A new card expires this many days after issue; 0 means it does not expire. Default 0.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("0").add()
            .build();

    public static CodeCardConfig defaults() {
        return from((AuthenticatorConfigModel) null);
    }

    public static CodeCardConfig from(AuthenticatorConfigModel model) {
        ConfigValues values = ConfigValues.of(model);
        return new CodeCardConfig(
                values.bool(SINGLE_USE, true),
                values.integer(LOW_CELLS_THRESHOLD, DEFAULT_LOW_CELLS_THRESHOLD, 0, CodeCardSpec.MAX_POSITIONS),
                values.integer(POSITIONS, CodeCardSpec.DEFAULT_POSITIONS, CodeCardSpec.MIN_POSITIONS, CodeCardSpec.MAX_POSITIONS),
                values.integer(DIGITS, CodeCardSpec.DEFAULT_DIGITS, CodeCardSpec.MIN_DIGITS, CodeCardSpec.MAX_DIGITS),
                values.integer(VALID_DAYS, 0, 0, CodeCardSpec.MAX_VALID_DAYS));
    }

    /** The card this realm issues unless the request says otherwise. */
    CodeCardSpec issuingDefaults() {
        return new CodeCardSpec(positions, digits, validDays == 0 ? null : validDays);
    }
}
