package io.nordicsca.keycloak.config;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RealmSettingsTabFactoryTest {

    @Test
    void theDesignsDefaultSchedulesAreAccepted() {
        RealmSettingsTabFactory.SCHEDULE_DEFAULTS.values().forEach(schedule -> assertNull(RealmSettingsTabFactory.scheduleProblem(schedule), schedule));
        assertNull(RealmSettingsTabFactory.scheduleProblem(" 3:30s , 5:2d, 6:bank "));
    }

    @Test
    void aFirstLockAfterMoreThanFiveFailuresBreaksPsd2RtsArticle4() {
        assertEquals("nordicScaSettings.firstStepTooLate", RealmSettingsTabFactory.scheduleProblem("6:15m,8:bank"));
    }

    @Test
    void malformedSchedulesAreRefused() {
        for (String bad : new String[] {"", "5", "5:", "5:15", "5:15x", "5:15m,5:1h", "5:15m,4:1h", "5:bank,8:1h",
                "5:self-service,8:bank", "5:0m", "0:15m", "5:15m;8:bank", "5:15m,", "-1:15m", "5:forever"}) {
            assertEquals("nordicScaSettings.invalidSchedule", RealmSettingsTabFactory.scheduleProblem(bad), bad);
        }
    }

    @Test
    void theTabListsEverySettingOfTheDesignContractOnce() {
        Set<String> names = new RealmSettingsTabFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).collect(Collectors.toSet());
        assertEquals(Set.of("lockout.password", "lockout.code-card", "lockout.sms", "lockout.app", "lockout.hide-factor",
                "support.phone", "support.hours"), names);
        assertEquals(names.size(), new RealmSettingsTabFactory().getConfigProperties().size());
    }
}
