package io.nordicsca.keycloak.config;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nordicsca.keycloak.sms.sender.SmsSender;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one declaration of a setting: what the form shows, what the sign-in reads, what a save refuses. */
class SettingTest {

    private final Setting.Whole expiry = Setting.integer("expirySeconds", "Request valid for (seconds)", "How long the app may answer.", 120, 10, 600);

    @Test
    void aNumberIsReadClampedIntoItsRangeAndRefusedOutsideItOnSave() {
        assertEquals(300, expiry.read(Map.of("expirySeconds", " 300 ")));
        assertEquals(600, expiry.read(Map.of("expirySeconds", "3600")), "clamped: a stored value always reads");
        assertEquals(10, expiry.read(Map.of("expirySeconds", "-5")));
        Setting.Problem tooLong = expiry.check("3600").orElseThrow();
        assertEquals(new Setting.Problem("expirySeconds", "error-number-out-of-range", List.of(10, 600), "expirySeconds: from 10 to 600."), tooLong);
        assertTrue(expiry.check("9").isPresent());
        assertEquals(Optional.empty(), expiry.check("10"));
        assertEquals(Optional.empty(), expiry.check("600"));
        assertTrue(expiry.check("99999999999999999999").isPresent(), "beyond any int, not an exception");
    }

    @Test
    void aMalformedNumberReadsAsTheDefaultAndIsRefusedAsInvalid() {
        for (String malformed : List.of("soon", "12.5", "1e3", "0x10", "120 s")) {
            assertEquals(120, expiry.read(Map.of("expirySeconds", malformed)), malformed);
            assertEquals("error-invalid-value", expiry.check(malformed).orElseThrow().message(), malformed);
        }
    }

    @Test
    void aMissingOrBlankValueReadsAsTheDefaultAndIsNoProblem() {
        assertEquals(120, expiry.read(Map.of()));
        assertEquals(120, expiry.read((Map<String, String>) null));
        assertEquals(120, expiry.read(Map.of("expirySeconds", "  ")));
        assertEquals(Optional.empty(), expiry.check((String) null));
        assertEquals(Optional.empty(), expiry.check(" "));
    }

    @Test
    void theFormFieldCarriesTheDeclaredValuesAndItsHelpStatesRangeAndDefaultFromThem() {
        ProviderConfigProperty field = expiry.property();
        assertEquals("expirySeconds", field.getName());
        assertEquals("Request valid for (seconds)", field.getLabel());
        assertEquals(ProviderConfigProperty.INTEGER_TYPE, field.getType());
        assertEquals("120", field.getDefaultValue());
        assertEquals("How long the app may answer. From 10 to 600. Default 120.", field.getHelpText());
        assertEquals("How long the app may answer. From 10 to 600. Default 120. NIST says so.", expiry.note("NIST says so.").property().getHelpText());
        assertEquals("At least 0. Default 5.", Setting.integer("n", "N", "", 5, 0, Integer.MAX_VALUE).property().getHelpText());
        assertThrows(IllegalArgumentException.class, () -> Setting.integer("n", "N", "", 700, 10, 600), "a default outside its own range");
    }

    @Test
    void aChoiceReadsOnlyItsOptionsAndRefusesOthers() {
        Setting.Choice mode = Setting.choice("mode", "Mode", "How.", "enter", List.of("enter", "select", "compare"));
        assertEquals("select", mode.read(Map.of("mode", " select ")));
        assertEquals("enter", mode.read(Map.of("mode", "pick-any")), "an unknown value reads as the default");
        assertEquals("error-invalid-value", mode.check("pick-any").orElseThrow().message());
        assertEquals("mode: one of enter, select, compare.", mode.check("Select").orElseThrow().text(), "as stored, case and all");
        assertEquals(Optional.empty(), mode.check("compare"));
        ProviderConfigProperty field = mode.property();
        assertEquals(ProviderConfigProperty.LIST_TYPE, field.getType());
        assertEquals(List.of("enter", "select", "compare"), field.getOptions());
        assertEquals("How. Default enter.", field.getHelpText());
    }

    @Test
    void aProviderIdReadsAsStoredAndASaveTakesTheOfferedOrOneDeployedOnTheServer() {
        Setting.Choice sender = Setting.provider("sender", "SMS sender", "Who sends.", "twilio", List.of("twilio", "log"), SmsSender.class);
        assertEquals("banks-own", sender.read(Map.of("sender", "banks-own")));
        assertEquals("twilio", sender.read(Map.of()));
        assertEquals(Optional.empty(), sender.check("log"));

        KeycloakSession server = serverWith(SmsSender.class, "banks-own");
        assertEquals(Optional.empty(), sender.check(server, Map.of("sender", "banks-own")), "a bank's own sender, deployed");
        assertTrue(sender.check(server, Map.of("sender", "banks-typo")).isPresent(), "no such provider on this server");
        assertTrue(sender.check(null, Map.of("sender", "banks-own")).isPresent(), "without a server only the offered");
    }

    /** A server on which {@code spi} has exactly one provider besides ours, {@code id}. */
    private static KeycloakSession serverWith(Class<?> spi, String id) {
        KeycloakSessionFactory factory = (KeycloakSessionFactory) Proxy.newProxyInstance(SettingTest.class.getClassLoader(),
                new Class<?>[]{KeycloakSessionFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProviderFactory") && args != null && args.length == 2) {
                        return args[0] == spi && id.equals(args[1])
                                ? Proxy.newProxyInstance(SettingTest.class.getClassLoader(), new Class<?>[]{ProviderFactory.class}, (p, m, a) -> null)
                                : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(SettingTest.class.getClassLoader(), new Class<?>[]{KeycloakSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getKeycloakSessionFactory")) {
                        return factory;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSwitchTakesTrueOrFalse() {
        Setting.Switch once = Setting.bool("singleUse", "Once", "Each number once.", true);
        assertEquals(false, once.read(Map.of("singleUse", "false")));
        assertEquals(true, once.read(Map.of("singleUse", "")));
        assertEquals(Optional.empty(), once.check("TRUE"));
        assertEquals("singleUse: true or false.", once.check("yes").orElseThrow().text());
        assertEquals("Each number once. Default on.", once.property().getHelpText());
    }

    @Test
    void severalChoicesReadTheKnownOnesAndNothingKnownReadsAsTheDefaults() {
        Setting.Choices factors = Setting.choices("factors", "Factors", "Which.", List.of("code-card", "sms", "app"), List.of("code-card", "sms", "app"));
        assertEquals(List.of("code-card", "sms"), factors.read(Map.of("factors", "code-card##sms")));
        assertEquals(List.of("app"), factors.read(Map.of("factors", "password, app")), "commas as typed over the REST API");
        assertEquals(List.of("code-card", "sms", "app"), factors.read(Map.of("factors", "bankid")));
        assertTrue(factors.check("sms##bankid").isPresent());
        assertEquals(Optional.empty(), factors.check("sms##app"));
        assertEquals("code-card##sms##app", factors.property().getDefaultValue());
    }

    @Test
    void textIsReadThroughItsParserAndCheckedByItsReason() {
        Setting.Text<String> region = Setting.text("region", "Region", "Country.", "SE",
                text -> text.matches("[A-Za-z]{2}") ? text.toUpperCase() : null, text -> text.matches("[A-Za-z]{2}") ? null : "region: two letters.");
        assertEquals("FI", region.read(Map.of("region", " fi ")));
        assertEquals("SE", region.read(Map.of("region", "Finland")), "what the parser cannot use reads as the default");
        assertEquals(new Setting.Problem("region", "error-invalid-value", List.of(), "region: two letters."), region.check("Finland").orElseThrow());
        assertEquals("Country. Default SE.", region.property().getHelpText());
        Setting.Text<String> localized = Setting.text("supportPhone", "nordicScaSettings.supportPhone", "nordicScaSettings.supportPhone.help", "x").localized();
        assertEquals("nordicScaSettings.supportPhone.help", localized.property().getHelpText(), "a message key stays a message key");
        assertThrows(IllegalArgumentException.class, () -> Setting.text("k", "K", "", "bad", text -> null, text -> null), "a default that does not read");
    }

    @Test
    void aRequiredActionSaveIsRefusedAsKeycloaksOwnRequiredActionsRefuseIt() {
        RequiredActionConfigModel model = new RequiredActionConfigModel();
        Map<String, String> config = new HashMap<>();
        config.put("expirySeconds", "900");
        model.setConfig(config);
        ValidationException refused = assertThrows(ValidationException.class, () -> Setting.refuse(null, "nordic-sca-x", List.of(expiry), model));
        ValidationException.Error error = refused.getErrors().get(0);
        assertEquals("expirySeconds", error.getAttribute());
        assertEquals("error-number-out-of-range", error.getMessage());
        assertArrayEquals(new Object[] {"expirySeconds", 10, 600}, error.getMessageParameters());
        config.put("expirySeconds", "60");
        assertDoesNotThrow(() -> Setting.refuse(null, "nordic-sca-x", List.of(expiry), model));
        assertDoesNotThrow(() -> Setting.refuse(null, "nordic-sca-x", List.of(expiry), null));
    }
}
