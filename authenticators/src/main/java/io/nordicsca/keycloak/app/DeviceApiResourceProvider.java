package io.nordicsca.keycloak.app;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

class DeviceApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final StatusWaiter waiter;

    DeviceApiResourceProvider(KeycloakSession session, StatusWaiter waiter) {
        this.session = session;
        this.waiter = waiter;
    }

    @Override
    public Object getResource() {
        return new DeviceApiResource(session, waiter);
    }

    @Override
    public void close() {
    }
}
