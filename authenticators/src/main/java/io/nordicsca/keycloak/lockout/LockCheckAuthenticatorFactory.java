package io.nordicsca.keycloak.lockout;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.NordicSca;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link LockCheckAuthenticator}, "Nordic SCA: lock check". */
public class LockCheckAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = NordicSca.PROVIDER_PREFIX + "lock-check";

    private static final AuthenticationExecutionModel.Requirement[] CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private volatile LockCheckAuthenticator instance;

    /**
     * The factor steps are found among the server's authenticators: lockout knows no capability,
     * each capability's step says which factor it asks ({@link FactorStep}). Built once, in a
     * session of its own that belongs to no sign-in: a step's factory may answer a sign-in with a
     * stand-in (the unlock decoy in place of the SMS step), which must never be what is kept.
     */
    @Override
    public Authenticator create(KeycloakSession session) {
        LockCheckAuthenticator current = instance;
        if (current == null) {
            try (KeycloakSession own = session.getKeycloakSessionFactory().create()) {
                current = build(own);
            }
            instance = current;
        }
        return current;
    }

    private static LockCheckAuthenticator build(KeycloakSession session) {
        Map<Factor, FactorStep> steps = new EnumMap<>(Factor.class);
        Map<String, Factor> stepFactors = new HashMap<>();
        session.getKeycloakSessionFactory().getProviderFactoriesStream(Authenticator.class)
                .filter(f -> f.getId().startsWith(NordicSca.PROVIDER_PREFIX) && !f.getId().equals(PROVIDER_ID))
                .forEach(f -> {
                    if (((AuthenticatorFactory) f).create(session) instanceof FactorStep step) {
                        steps.putIfAbsent(step.factor(), step);
                        stepFactors.put(f.getId(), step.factor());
                    }
                });
        return new LockCheckAuthenticator(Map.copyOf(steps), Map.copyOf(stepFactors));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Nordic SCA: lock check";
    }

    @Override
    public String getHelpText() {
        return "Place after the password step, before the second factor (REQUIRED). A customer whose second factors are all "
                + "locked sees the lock page with what to do at once, instead of Keycloak's generic error; anyone with an open "
                + "factor passes unseen. It proves nothing: it is not a second factor.";
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
        return LockCheckConfig.PROPERTIES;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
