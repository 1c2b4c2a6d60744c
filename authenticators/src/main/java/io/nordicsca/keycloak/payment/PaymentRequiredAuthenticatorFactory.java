package io.nordicsca.keycloak.payment;

import java.util.List;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.NordicSca;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link PaymentRequiredAuthenticator}, "Nordic SCA: payment required". */
public class PaymentRequiredAuthenticatorFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = NordicSca.PROVIDER_PREFIX + "payment-required";

    private static final PaymentRequiredAuthenticator INSTANCE = new PaymentRequiredAuthenticator();
    private static final AuthenticationExecutionModel.Requirement[] CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

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
        return "Nordic SCA: payment required";
    }

    @Override
    public String getHelpText() {
        return "First step of the payment level (REQUIRED): a sign-in that asks for this level without a payment_initiation "
                + "in authorization_details ends with an OIDC error (access_denied) to the client. It proves nothing: it is not a factor.";
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
        return CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
