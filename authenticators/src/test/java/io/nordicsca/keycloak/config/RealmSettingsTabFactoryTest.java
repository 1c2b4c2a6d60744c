package io.nordicsca.keycloak.config;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RealmSettingsTabFactoryTest {

    @Test
    void theTabListsEverySettingOfTheDesignContractOnce() {
        List<String> names = new RealmSettingsTabFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();
        assertEquals(List.of("lockout.password", "lockout.code-card", "lockout.sms", "lockout.app", "lockout.hide-factor",
                "support.phone", "support.hours"), names);
    }
}
