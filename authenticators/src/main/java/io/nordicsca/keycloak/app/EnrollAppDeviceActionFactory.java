package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class EnrollAppDeviceActionFactory extends NoLifecycleFactory implements RequiredActionFactory {

    /** Also the alias under which realms register it (realm JSON "requiredActions"). */
    public static final String PROVIDER_ID = "nordic-sca-enroll-app";

    private static final RequiredActionProvider INSTANCE = new EnrollAppDeviceAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Nordic SCA: activate the app";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(EnrollAppDeviceAction.DELAY_MINUTES).label("Activation delay (minutes)")
                .helpText("A new phone can approve nothing for this long (BankID waits an hour), 0 to 10080. Default 0.")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("0").add()
                .property().name(EnrollAppDeviceAction.SEVERAL_DEVICES).label("Allow several phones")
                .helpText("Off (default, as the banks do): activating a new phone deactivates the previous one.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(EnrollAppDeviceAction.PROOF_FACTORS).label("Factors that may vouch for a new phone")
                .helpText("Comma-separated credential types; the sign-in must have passed one of them. Default "
                        + EnrollAppDeviceAction.DEFAULT_PROOF_FACTORS + ". Add app-device to let an active phone activate the next one. "
                        + "The password alone never counts.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(EnrollAppDeviceAction.DEFAULT_PROOF_FACTORS).add()
                .build();
    }
}
