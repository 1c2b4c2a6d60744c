package io.nordicsca.keycloak.config;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealmSettingsTabFactoryTest {

    private final List<String> names = new RealmSettingsTabFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();

    @Test
    void theTabListsEverySettingOfTheDesignContractOnce() {
        assertEquals(List.of("lockoutPassword", "lockoutCodeCard", "lockoutSms", "lockoutApp", "lockoutHideFactor",
                "supportPhone", "supportHours", "callCentreLookupAttribute"), names);
    }

    @Test
    void noSettingNameHasADotSoTheAdminConsoleSavesAndLoadsEachUnderTheNameTheSignInReads() {
        assertTrue(names.stream().noneMatch(name -> name.contains(".")), names::toString);
    }
}
