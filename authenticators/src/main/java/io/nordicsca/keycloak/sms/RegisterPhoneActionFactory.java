package io.nordicsca.keycloak.sms;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

public class RegisterPhoneActionFactory extends NoLifecycleFactory implements RequiredActionFactory {

    /** Also the alias under which realms register it (realm JSON "requiredActions"). */
    public static final String PROVIDER_ID = "nordic-sca-register-phone";

    private static final RequiredActionProvider INSTANCE = new RegisterPhoneAction();

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
        return "Nordic SCA: register mobile number";
    }

    /** The same settings as the SMS step (code length, validity, sender, limits, countries). */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return SmsOtpConfig.PROPERTIES;
    }

    /** Keycloak's own check (max_auth_age), then each setting's: a bad value is refused and the admin console shows why. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        Setting.refuse(session, PROVIDER_ID, SmsOtpConfig.SETTINGS, model);
    }
}
