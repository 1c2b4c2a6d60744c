package io.nordicsca.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * For our provider factories that keep no state and read no server configuration: Keycloak's
 * ProviderFactory lifecycle (init, postInit, close) has nothing to do. Extend this and implement
 * the factory interface.
 */
public abstract class NoLifecycleFactory {

    public void init(Config.Scope config) {
    }

    public void postInit(KeycloakSessionFactory factory) {
    }

    public void close() {
    }
}
