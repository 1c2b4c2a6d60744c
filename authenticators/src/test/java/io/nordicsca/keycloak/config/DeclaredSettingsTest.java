package io.nordicsca.keycloak.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nordicsca.keycloak.app.AppApprovalConfig;
import io.nordicsca.keycloak.app.AppEnrollConfig;
import io.nordicsca.keycloak.callcentre.CallCentreSettings;
import io.nordicsca.keycloak.codecard.CodeCardConfig;
import io.nordicsca.keycloak.errors.SupportContact;
import io.nordicsca.keycloak.lockout.LockCheckConfig;
import io.nordicsca.keycloak.lockout.LockoutSettings;
import io.nordicsca.keycloak.lockout.PasswordFormFactory;
import io.nordicsca.keycloak.lockout.unlock.UnlockIdentifyFactory;
import io.nordicsca.keycloak.lockout.unlock.UnlockNewPasswordFactory;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import io.nordicsca.keycloak.sms.SmsOtpConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting an admin edits, whatever form shows it: declared once, and the declaration holds
 * (the form's default is what the sign-in reads without a value, a value typed in the form is read
 * as typed, the help states the default the reader uses).
 */
class DeclaredSettingsTest {

    private static final String MAX_AUTH_AGE = RequiredActionFactory.MAX_AUTH_AGE_CONFIG_PROPERTIES.get(0).getName();

    /** A value other than the default for each text setting, as an admin would type it. */
    private static final Map<String, String> TYPED_TEXT = Map.ofEntries(
            Map.entry("defaultRegion", "FI"),
            Map.entry("allowedPrefixes", "+358"),
            Map.entry("webOtpDomain", "login.bank.example"),
            Map.entry("proofFactors", "code-card"),
            Map.entry("default.reference.value", "otp"),
            Map.entry("lockoutPassword", "3:1m,5:bank"),
            Map.entry("lockoutCodeCard", "3:1m,5:bank"),
            Map.entry("lockoutSms", "3:1m,5:bank"),
            Map.entry("lockoutApp", "3:1m,5:bank"),
            Map.entry("supportPhone", "+46 8 123 456 78"),
            Map.entry("supportHours", "Mon–Fri 8–18"),
            Map.entry("callCentreLookupAttribute", "customerNumber"));

    /** Each form of ours (factory) and the declared settings it must show, in order. */
    private static Map<String, List<Setting<?>>> forms() {
        Map<String, List<Setting<?>>> forms = new LinkedHashMap<>();
        forms.put("CodeCardAuthenticatorFactory", concat(CodeCardConfig.SETTINGS, List.of(AnswerClock.setting(300)), AmrReference.SETTINGS));
        forms.put("SmsOtpAuthenticatorFactory", concat(SmsOtpConfig.SETTINGS, List.of(AnswerClock.setting(300)), AmrReference.SETTINGS));
        forms.put("AppApprovalAuthenticatorFactory", concat(AppApprovalConfig.SETTINGS, List.of(AnswerClock.setting(300)), AmrReference.SETTINGS));
        forms.put("NoPasswordGrantAuthenticatorFactory", List.of());
        forms.put("UnlockIdentifyFactory", List.of(UnlockIdentifyFactory.DECOY_WAIT));
        forms.put("UnlockNewPasswordFactory", List.of(UnlockNewPasswordFactory.PROOFS));
        forms.put("LockCheckAuthenticatorFactory", List.of(LockCheckConfig.FACTORS));
        forms.put("PaymentRequiredAuthenticatorFactory", List.of());
        forms.put("ActivateCodeCardActionFactory", List.of());
        forms.put("RegisterPhoneActionFactory", SmsOtpConfig.SETTINGS);
        forms.put("EnrollAppDeviceActionFactory", AppEnrollConfig.SETTINGS);
        forms.put("RealmSettingsTabFactory", concat(LockoutSettings.SETTINGS, SupportContact.SETTINGS, CallCentreSettings.SETTINGS));
        return forms;
    }

    private static List<Setting<?>> declared() {
        return forms().values().stream().flatMap(List::stream).toList();
    }

    @SafeVarargs
    private static List<Setting<?>> concat(List<Setting<?>>... lists) {
        List<Setting<?>> all = new ArrayList<>();
        for (List<Setting<?>> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    @Test
    void everyFormShowsExactlyItsDeclaredSettings() throws IOException {
        Map<String, List<ProviderConfigProperty>> shown = new LinkedHashMap<>();
        for (Object factory : factories("org.keycloak.authentication.AuthenticatorFactory")) {
            if (!(factory instanceof PasswordFormFactory)) { // Keycloak's own password form and its settings
                shown.put(factory.getClass().getSimpleName(), ((AuthenticatorFactory) factory).getConfigProperties());
            }
        }
        for (Object factory : factories("org.keycloak.authentication.RequiredActionFactory")) {
            shown.put(factory.getClass().getSimpleName(), ((RequiredActionFactory) factory).getConfigMetadata().stream()
                    .filter(property -> !MAX_AUTH_AGE.equals(property.getName())) // Keycloak's own, read by Keycloak
                    .toList());
        }
        shown.put("RealmSettingsTabFactory", new RealmSettingsTabFactory().getConfigProperties());

        Map<String, List<Setting<?>>> forms = forms();
        assertEquals(forms.keySet(), shown.keySet(), "every factory of ours has its declared settings here");
        for (var form : shown.entrySet()) {
            assertEquals(forms.get(form.getKey()).stream().map(setting -> summary(setting.property())).toList(),
                    form.getValue().stream().map(DeclaredSettingsTest::summary).toList(), form.getKey());
            Set<String> keys = new HashSet<>();
            form.getValue().forEach(field -> assertTrue(keys.add(field.getName()), form.getKey() + " shows " + field.getName() + " twice"));
        }
    }

    @Test
    void theFormsDefaultIsWhatTheSignInReadsWithoutAValueAndItsHelpSaysSo() {
        for (Setting<?> setting : declared()) {
            ProviderConfigProperty field = setting.property();
            String key = setting.key();
            String standard = (String) field.getDefaultValue();
            assertEquals(setting.read(Map.of()), setting.read(Map.of(key, standard)), key);
            assertFalse(setting.check(standard).isPresent(), key + ": the form's own default is refused");
            boolean messageKey = field.getHelpText().startsWith("nordicScaSettings.");
            if (!messageKey && !standard.isEmpty()) {
                String stated = switch (field.getType()) {
                    case ProviderConfigProperty.MULTIVALUED_LIST_TYPE -> String.join(", ", standard.split("##"));
                    case ProviderConfigProperty.BOOLEAN_TYPE -> Boolean.parseBoolean(standard) ? "on" : "off";
                    default -> standard;
                };
                assertTrue(field.getHelpText().contains("Default " + stated + "."), key + ": " + field.getHelpText());
            }
        }
    }

    @Test
    void aValueTypedInTheFormIsReadAsTypedAndAccepted() {
        for (Setting<?> setting : declared()) {
            String key = setting.key();
            String typed = typed(setting);
            assertNotEquals(setting.read(Map.of()), setting.read(Map.of(key, typed)), key + " = " + typed + " reads as the default");
            assertFalse(setting.check(typed).isPresent(), key + " = " + typed + " is refused");
        }
    }

    /** A value the form offers that is not the default. */
    private static String typed(Setting<?> setting) {
        ProviderConfigProperty field = setting.property();
        String standard = (String) field.getDefaultValue();
        return switch (field.getType()) {
            case ProviderConfigProperty.INTEGER_TYPE -> {
                Setting.Whole whole = (Setting.Whole) setting;
                yield String.valueOf(whole.defaultValue() == whole.max() ? whole.min() : whole.defaultValue() + 1);
            }
            case ProviderConfigProperty.BOOLEAN_TYPE -> String.valueOf(!Boolean.parseBoolean(standard));
            case ProviderConfigProperty.LIST_TYPE -> field.getOptions().stream().filter(option -> !option.equals(standard)).findFirst().orElseThrow();
            case ProviderConfigProperty.MULTIVALUED_LIST_TYPE -> field.getOptions().get(field.getOptions().size() - 1);
            default -> {
                assertTrue(TYPED_TEXT.containsKey(setting.key()), "no typed value for " + setting.key() + " in this test");
                yield TYPED_TEXT.get(setting.key());
            }
        };
    }

    private static String summary(ProviderConfigProperty field) {
        return String.join(" | ", field.getName(), field.getLabel(), field.getType(), String.valueOf(field.getDefaultValue()),
                String.valueOf(field.getOptions()), field.getHelpText());
    }

    /** Our factories as Keycloak finds them (the service files). */
    private static List<Object> factories(String service) throws IOException {
        List<Object> factories = new ArrayList<>();
        try (InputStream in = DeclaredSettingsTest.class.getResourceAsStream("/META-INF/services/" + service)) {
            assertNotNull(in, service);
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::trim).toList()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    try {
                        factories.add(Class.forName(line).getDeclaredConstructor().newInstance());
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(line, e);
                    }
                }
            }
        }
        return factories;
    }
}
