package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

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
        return AppEnrollConfig.PROPERTIES;
    }

    /** Keycloak's own check (max_auth_age), then each setting's: a bad value is refused and the admin console shows why. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        Setting.refuse(session, PROVIDER_ID, AppEnrollConfig.SETTINGS, model);
    }
}
