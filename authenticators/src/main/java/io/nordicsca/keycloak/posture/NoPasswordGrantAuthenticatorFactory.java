package io.nordicsca.keycloak.posture;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class NoPasswordGrantAuthenticatorFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nordic-sca-no-password-grant";

    private static final Authenticator INSTANCE = new NoPasswordGrantAuthenticator();

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
        return "Nordic SCA: refuse the password grant";
    }

    @Override
    public String getHelpText() {
        return "For the realm's direct grant flow: the password grant issues no token on any client (OAuth error "
                + "unauthorized_client), because it cannot ask for a second factor.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
