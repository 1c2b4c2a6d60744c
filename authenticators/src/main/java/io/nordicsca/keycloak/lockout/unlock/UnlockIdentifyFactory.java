package io.nordicsca.keycloak.lockout.unlock;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.NordicSca;
import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link UnlockIdentify}, the first step of the reset-credentials flow for self-service unlock. */
public class UnlockIdentifyFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = NordicSca.PROVIDER_PREFIX + "unlock-identify";

    public static final Setting.Whole DECOY_WAIT = Setting.integer("decoyWaitMillis", "Decoy answer time (ms)",
            "A username that cannot unlock here gets an SMS code page where no SMS is sent. It answers after about this "
                    + "many milliseconds (plus or minus 20%), so it takes about as long as handing a real SMS to your provider: "
                    + "set it to your provider's usual time.", 300, 0, 5000);

    private static final List<ProviderConfigProperty> PROPERTIES = List.of(DECOY_WAIT.property());

    private static final Authenticator INSTANCE = new UnlockIdentify();

    static long decoyWaitMillis(ConfigValues config) {
        return DECOY_WAIT.read(config);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Nordic SCA: unlock - identify the customer";
    }

    @Override
    public String getHelpText() {
        return "First step of the reset-credentials flow ('Password locked?'), instead of Keycloak's 'Choose user': asks for the "
                + "username and goes on to the REQUIRED steps after it (SMS code, code card, then 'Nordic SCA: unlock - new password') "
                + "only for a customer who can pass them. Anyone else gets the same SMS code page, where no SMS is sent and no code "
                + "is right, so the page never tells whether a customer exists or is locked.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
