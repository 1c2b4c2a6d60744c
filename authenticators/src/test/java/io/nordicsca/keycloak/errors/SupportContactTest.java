package io.nordicsca.keycloak.errors;

import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The bank's support contact on error pages: read without ever failing a customer's page, refused when malformed in the admin tab. */
class SupportContactTest {

    @Test
    void withoutSettingsThePageHasNoNumberAndNoHours() {
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of())));
        assertFalse(SupportContact.from(ConfigValues.of(Map.of())).hasPhone());
    }

    @Test
    void theNumberAndHoursAreShownAsTheBankTypedThem() {
        SupportContact contact = SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE.key(), " +47 915 04800 ", SupportContact.HOURS.key(), "Mon–Fri 8–18")));
        assertEquals(new SupportContact("+47 915 04800", "Mon–Fri 8–18"), contact);
    }

    @Test
    void aMalformedNumberIsNeverShownAndHoursWithoutANumberAreDropped() {
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE.key(), "<script>", SupportContact.HOURS.key(), "8–18"))));
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of(SupportContact.HOURS.key(), "8–18"))));
        assertEquals(new SupportContact("020 123 456", ""),
                SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE.key(), "020 123 456", SupportContact.HOURS.key(), "8–18\nand more"))));
    }

    @Test
    void theAdminTabRefusesWhatPagesWouldIgnore() {
        assertEquals(List.of("supportPhone: up to 32 characters: digits, spaces, a leading +, dashes and brackets."),
                problems(Map.of("supportPhone", "call us", "supportHours", "")));
        assertEquals(List.of("supportHours: up to 100 characters on one line."),
                problems(Map.of("supportPhone", "+47 915 04800", "supportHours", "x".repeat(101))));
        assertEquals(List.of(), problems(Map.of("supportPhone", "+47 (0)915-04800", "supportHours", "Mon–Fri 8–18")));
        assertEquals(List.of(), problems(Map.of("supportPhone", "", "supportHours", "")));
    }

    @Test
    void bothSettingsAreDeclaredOnceForTheAdminTab() {
        List<ProviderConfigProperty> fields = Setting.properties(SupportContact.SETTINGS);
        assertEquals(List.of("supportPhone", "supportHours"), fields.stream().map(ProviderConfigProperty::getName).toList());
        fields.forEach(property -> assertEquals("", property.getDefaultValue(), property.getName()));
        assertEquals("nordicScaSettings.supportPhone.help", fields.get(0).getHelpText(), "a message key the admin console translates, as it is");
    }

    @Test
    void anErrorThatDoesNotSendTheCustomerToTheBankShowsNoNumber() {
        SupportContact bank = new SupportContact("+47 915 04800", "Mon–Fri 8–18");
        ErrorNotice revoked = CustomerError.CARD_REVOKED.notice(bank);
        assertEquals("NSCA-2003", revoked.code());
        assertEquals("+47 915 04800", revoked.phone());
        assertEquals("Mon–Fri 8–18", revoked.hours());
        assertEquals("danger", revoked.level());
        ErrorNotice wrong = CustomerError.CARD_WRONG_NUMBER.notice(bank);
        assertEquals("", wrong.phone());
        assertEquals("", wrong.hours());
        assertEquals("warning", CustomerError.CARD_LAST_ATTEMPT.notice(bank).level());
    }

    private static List<String> problems(Map<String, String> config) {
        return Setting.problems(SupportContact.SETTINGS, config).stream().map(Setting.Problem::text).toList();
    }
}
