package io.nordicsca.keycloak.discovery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

public class DiscoveryResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public DiscoveryResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new DiscoveryResource(session);
    }

    @Override
    public void close() {
    }
}
