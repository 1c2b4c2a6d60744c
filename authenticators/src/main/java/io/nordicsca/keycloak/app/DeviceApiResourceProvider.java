package io.nordicsca.keycloak.app;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

class DeviceApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final WaitingBrowsers waiting;

    DeviceApiResourceProvider(KeycloakSession session, WaitingBrowsers waiting) {
        this.session = session;
        this.waiting = waiting;
    }

    @Override
    public Object getResource() {
        return new DeviceApiResource(session, waiting);
    }

    @Override
    public void close() {
    }
}
