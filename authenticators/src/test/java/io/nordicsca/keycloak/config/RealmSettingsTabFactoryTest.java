package io.nordicsca.keycloak.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RealmSettingsTabFactoryTest {

    @Test
    void theTabListsEverySettingOfTheDesignContractOnce() {
        List<String> names = new RealmSettingsTabFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();
        assertEquals(List.of("lockout.password", "lockout.code-card", "lockout.sms", "lockout.app", "lockout.hide-factor",
                "support.phone", "support.hours"), names);
    }

    @Test
    void aSettingSavedByTheAdminConsoleUnderItsEscapedNameIsReadUnderItsDeclaredName() {
        ComponentModel saved = new ComponentModel();
        saved.getConfig().putSingle("lockout\uD83C\uDF7Acode-card", "3:1m,5:bank"); // how the console writes lockout.code-card
        saved.getConfig().putSingle("lockout.sms", "4:1h,6:bank");                    // as the REST API may write it
        saved.getConfig().putSingle("lockout.password", "5:15m,8:bank");
        saved.getConfig().putSingle("lockout\uD83C\uDF7Apassword", "3:1m,5:self-service");
        Map<String, String> values = RealmSettings.values(saved);
        assertEquals("3:1m,5:bank", values.get("lockout.code-card"));
        assertEquals("4:1h,6:bank", values.get("lockout.sms"));
        assertEquals("3:1m,5:self-service", values.get("lockout.password"), "the console's spelling wins: it is what the admin sees");
    }
}
