package io.nordicsca.keycloak.app;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class AppDeviceCredentialProviderFactory implements CredentialProviderFactory<AppDeviceCredentialProvider> {

    public static final String PROVIDER_ID = "nordic-sca-app-device";

    @Override
    public CredentialProvider<AppDeviceCredentialModel> create(KeycloakSession session) {
        return new AppDeviceCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
