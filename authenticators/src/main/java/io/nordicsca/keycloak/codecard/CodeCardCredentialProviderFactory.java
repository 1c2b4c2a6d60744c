package io.nordicsca.keycloak.codecard;

import org.keycloak.Config;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Code cards as credentials. Server option {@value CellPeppers#OPTION}: the peppers code-card
 * cells are sealed with ({@link CellPeppers}); read once at start, values resolved at each use.
 */
public class CodeCardCredentialProviderFactory implements CredentialProviderFactory<CodeCardCredentialProvider> {

    public static final String PROVIDER_ID = "nordic-sca-code-card";

    private CellPeppers peppers = CellPeppers.none();

    @Override
    public CredentialProvider<CodeCardCredentialModel> create(KeycloakSession session) {
        return new CodeCardCredentialProvider(session, peppers);
    }

    @Override
    public void init(Config.Scope config) {
        peppers = CellPeppers.parse(config.get(CellPeppers.OPTION));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
