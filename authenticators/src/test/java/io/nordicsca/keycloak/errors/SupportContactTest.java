package io.nordicsca.keycloak.errors;

import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.ConfigValues;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bank's support contact on error pages: read without ever failing a customer's page, refused when malformed in the admin tab. */
class SupportContactTest {

    @Test
    void withoutSettingsThePageHasNoNumberAndNoHours() {
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of())));
        assertFalse(SupportContact.from(ConfigValues.of(Map.of())).hasPhone());
    }

    @Test
    void theNumberAndHoursAreShownAsTheBankTypedThem() {
        SupportContact contact = SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE, " +47 915 04800 ", SupportContact.HOURS, "Mon–Fri 8–18")));
        assertEquals(new SupportContact("+47 915 04800", "Mon–Fri 8–18"), contact);
    }

    @Test
    void aMalformedNumberIsNeverShownAndHoursWithoutANumberAreDropped() {
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE, "<script>", SupportContact.HOURS, "8–18"))));
        assertEquals(SupportContact.NONE, SupportContact.from(ConfigValues.of(Map.of(SupportContact.HOURS, "8–18"))));
        assertEquals(new SupportContact("020 123 456", ""),
                SupportContact.from(ConfigValues.of(Map.of(SupportContact.PHONE, "020 123 456", SupportContact.HOURS, "8–18\nand more"))));
    }

    @Test
    void theAdminTabRefusesWhatPagesWouldIgnore() {
        assertThrows(ComponentValidationException.class, () -> SupportContact.validate(model("call us", "")));
        assertThrows(ComponentValidationException.class, () -> SupportContact.validate(model("+47 915 04800", "x".repeat(101))));
        assertDoesNotThrow(() -> SupportContact.validate(model("+47 (0)915-04800", "Mon–Fri 8–18")));
        assertDoesNotThrow(() -> SupportContact.validate(model("", "")));
    }

    @Test
    void bothSettingsAreDeclaredOnceForTheAdminTab() {
        assertEquals(List.of(SupportContact.PHONE, SupportContact.HOURS), SupportContact.PROPERTIES.stream().map(ProviderConfigProperty::getName).toList());
        SupportContact.PROPERTIES.forEach(property -> assertEquals("", property.getDefaultValue(), property.getName()));
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

    private static ComponentModel model(String phone, String hours) {
        ComponentModel model = new ComponentModel();
        model.getConfig().putSingle(SupportContact.PHONE, phone);
        model.getConfig().putSingle(SupportContact.HOURS, hours);
        return model;
    }
}
