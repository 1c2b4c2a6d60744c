package io.nordicsca.keycloak.app;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppApprovalConfigTest {

    @Test
    void withoutASettingTheCustomerTypesTheEventIdIntoTheApp() {
        assertEquals(VerificationMode.ENTER, AppApprovalConfig.from(null).mode(), "a step added without settings");
        assertEquals(VerificationMode.ENTER, AppApprovalConfig.from(config(Map.of())).mode());
        assertEquals(VerificationMode.ENTER, AppApprovalConfig.from(config(Map.of("mode", "pick-any"))).mode(),
                "an unknown value falls back to the safe default, not to select");
        assertEquals("enter", mode().getDefaultValue(), "the admin console's form preselects enter");
    }

    @Test
    void selectAndCompareStayAvailableOnRequest() {
        assertEquals(VerificationMode.SELECT, AppApprovalConfig.from(config(Map.of("mode", "select"))).mode());
        assertEquals(VerificationMode.COMPARE, AppApprovalConfig.from(config(Map.of("mode", "compare"))).mode());
    }

    @Test
    void theHelpTextStatesWhatABlindTapWinsInSelectMode() {
        String help = mode().getHelpText();
        assertTrue(help.contains("1 in 3"), help);
        assertTrue(help.contains("87 %"), "over one lockout window of 5 requests: " + help);
    }

    private static ProviderConfigProperty mode() {
        return AppApprovalConfig.PROPERTIES.stream().filter(property -> AppApprovalConfig.MODE.key().equals(property.getName())).findFirst().orElseThrow();
    }

    private static AuthenticatorConfigModel config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(values);
        return model;
    }
}
