package io.nordicsca.keycloak.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves the device API at {@code /realms/{realm}/nordic-sca-device} ({@link DeviceApiResource}).
 * Holds one timer thread per node for the browsers' long polls ({@link StatusWaiter}): a waiting
 * browser costs a scheduled re-read of the shared store, never a thread.
 */
public class DeviceApiResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "nordic-sca-device";

    private KeycloakSessionFactory sessionFactory;
    private ScheduledExecutorService timer;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new DeviceApiResourceProvider(session, new StatusWaiter(sessionFactory, timer));
    }

    @Override
    public void init(Config.Scope config) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nordic-sca-status-waiter");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String getId() {
        return ID;
    }
}
