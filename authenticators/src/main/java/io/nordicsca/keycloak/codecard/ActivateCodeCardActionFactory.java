package io.nordicsca.keycloak.codecard;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

public class ActivateCodeCardActionFactory extends NoLifecycleFactory implements RequiredActionFactory {

    /** Also the alias under which realms register it (realm JSON "requiredActions"). */
    public static final String PROVIDER_ID = "nordic-sca-activate-code-card";

    private static final RequiredActionProvider INSTANCE = new ActivateCodeCardAction();

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
        return "Nordic SCA: activate code card";
    }
}
