package io.nordicsca.keycloak.codecard;

import java.util.List;
import java.util.Set;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.config.AmrReference;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class CodeCardAuthenticatorFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nordic-sca-code-card";

    private static final Authenticator INSTANCE = new CodeCardAuthenticator();

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
        return "Nordic SCA: code card";
    }

    @Override
    public String getHelpText() {
        return "Asks for the security number at a random unused position of the customer's paper code card. "
                + "Wrong answers count towards the realm's brute-force lockout.";
    }

    /** Our own category (account console, levels of assurance); failures are reported to brute force as "otp". */
    @Override
    public String getReferenceCategory() {
        return CodeCardCredentialModel.TYPE;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(CodeCardCredentialModel.TYPE);
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return AmrReference.with(AnswerClock.with(CodeCardConfig.PROPERTIES, CodeCardAuthenticator.ANSWER_WITHIN));
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    /** Only the bank issues cards. */
    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
