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

/** Registers {@link UnlockNewPassword}, the last step of the reset-credentials flow for self-service unlock. */
public class UnlockNewPasswordFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = NordicSca.PROVIDER_PREFIX + "unlock-new-password";

    public static final Setting.Whole PROOFS = Setting.integer("proofsRequired", "Factors proven before the new password",
            "How many different factors other than the password this sign-in must have proven in the steps before "
                    + "(SMS code, code card, ...).", 2, 1, 4)
            .note("2 is the SMS code and the code card. A flow that lacks them is refused with 'contact the bank'.");

    private static final List<ProviderConfigProperty> PROPERTIES = List.of(PROOFS.property());

    private static final Authenticator INSTANCE = new UnlockNewPassword();

    static int proofsRequired(ConfigValues config) {
        return PROOFS.read(config);
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
        return "Nordic SCA: unlock - new password";
    }

    @Override
    public String getHelpText() {
        return "Last step of the reset-credentials flow: the customer sets a new password under the realm's password policy; "
                + "once it is saved the password's lock and Keycloak's failure record are cleared and the customer is signed in. "
                + "Refused with 'contact the bank' when the customer is disabled, the password is locked for the bank, or the "
                + "SMS or code card factor is locked.";
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
