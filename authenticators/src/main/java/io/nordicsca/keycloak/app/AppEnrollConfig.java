package io.nordicsca.keycloak.app;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The settings of the required action that activates the app ({@link EnrollAppDeviceAction}), each
 * declared once as a {@link Setting}: the admin console form, the reading with defaults, and the
 * check when the admin saves them ({@link EnrollAppDeviceActionFactory#validateConfig}).
 *
 * @param proofFactors credential types that may vouch for a new phone (the password never counts)
 */
public record AppEnrollConfig(int delayMinutes, boolean severalDevices, Set<String> proofFactors) {

    static final Setting.Whole DELAY_MINUTES = Setting.integer("activationDelayMinutes", "Activation delay (minutes)",
            "A new phone can approve nothing for this long (BankID waits an hour).", 0, 0, 7 * 24 * 60);
    static final Setting.Switch SEVERAL_DEVICES = Setting.bool("allowSeveralDevices", "Allow several phones",
            "Off, as the banks do: activating a new phone deactivates the previous one.", false);
    /** What may vouch for a new phone by default: the code card, an SMS code, Keycloak's OTP and security keys. */
    static final Setting.Text<Set<String>> PROOF_FACTORS = Setting.text("proofFactors", "Factors that may vouch for a new phone",
            "Comma-separated credential types; the sign-in must have passed one of them. Add app-device to let an active phone "
                    + "activate the next one. The password alone never counts.",
            "code-card,sms-otp,otp,webauthn,webauthn-passwordless",
            text -> types(text).isEmpty() ? null : Set.copyOf(types(text)),
            text -> types(text).stream().allMatch(type -> type.matches("[A-Za-z0-9._-]{1,64}")) && !types(text).isEmpty() ? null
                    : "proofFactors: credential types such as code-card,sms-otp separated by commas.");

    public static final List<Setting<?>> SETTINGS = List.of(DELAY_MINUTES, SEVERAL_DEVICES, PROOF_FACTORS);

    static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    static AppEnrollConfig from(Map<String, String> config) {
        ConfigValues values = ConfigValues.of(config);
        return new AppEnrollConfig(DELAY_MINUTES.read(values), SEVERAL_DEVICES.read(values), PROOF_FACTORS.read(values));
    }

    private static List<String> types(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(type -> !type.isEmpty()).distinct().collect(Collectors.toList());
    }
}
