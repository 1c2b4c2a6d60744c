package io.nordicsca.keycloak.codecard;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public class ActivateCodeCardActionFactory implements RequiredActionFactory {

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
