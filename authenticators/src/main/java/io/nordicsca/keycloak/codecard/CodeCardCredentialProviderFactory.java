package io.nordicsca.keycloak.codecard;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class CodeCardCredentialProviderFactory implements CredentialProviderFactory<CodeCardCredentialProvider> {

    public static final String PROVIDER_ID = "nordic-sca-code-card";

    @Override
    public CredentialProvider<CodeCardCredentialModel> create(KeycloakSession session) {
        return new CodeCardCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
