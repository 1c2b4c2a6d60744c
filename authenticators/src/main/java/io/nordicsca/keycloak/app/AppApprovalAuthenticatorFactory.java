package io.nordicsca.keycloak.app;

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

public class AppApprovalAuthenticatorFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nordic-sca-app-approval";

    private static final Authenticator INSTANCE = new AppApprovalAuthenticator();

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
        return "Nordic SCA: app approval";
    }

    @Override
    public String getHelpText() {
        return "The customer approves the sign-in in the bank's app; browser and app show the same event ID. "
                + "Denials, wrong event IDs and expired requests count towards the realm's brute-force lockout.";
    }

    @Override
    public String getReferenceCategory() {
        return AppDeviceCredentialModel.TYPE;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(AppDeviceCredentialModel.TYPE);
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return AmrReference.with(AnswerClock.with(AppApprovalConfig.PROPERTIES, AppApprovalAuthenticator.ANSWER_WITHIN));
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }
}
