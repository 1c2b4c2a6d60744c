package io.nordicsca.keycloak.app;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves the device API at {@code /realms/{realm}/nordic-sca-device} ({@link DeviceApiResource}).
 * Holds this node's parked long polls of waiting pages ({@link WaitingBrowsers}), the ear for
 * answers given on other nodes ({@link AnswerAnnouncements}) and one timer thread for their
 * deadlines and the safety net: a waiting browser costs no thread and no work while it waits.
 */
public class DeviceApiResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "nordic-sca-device";
    private static final Logger LOG = Logger.getLogger(DeviceApiResourceProviderFactory.class);

    private WaitingBrowsers waiting;
    private ScheduledExecutorService timer;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new DeviceApiResourceProvider(session, waiting);
    }

    @Override
    public void init(Config.Scope config) {
        WaitingBrowsers.Settings settings = WaitingBrowsers.Settings.of(config::get);
        waiting = new WaitingBrowsers(settings, System::currentTimeMillis);
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nordic-sca-waiting-browsers");
            thread.setDaemon(true);
            return thread;
        });
        LOG.debugf("Waiting browsers: at most %d per node, %d per sign-in request, safety net every %d ms",
                settings.maxParked(), WaitingBrowsers.PER_CHALLENGE, settings.recheckMillis());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> AnswerAnnouncements.listen(session, waiting));
            }
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                waiting.tick(ids -> AnswerAnnouncements.answeredAmong(factory, ids));
            } catch (RuntimeException e) {
                LOG.warnf("Waiting browsers' safety net failed this time (%s); it tries again", e.getClass().getName());
            }
        }, WaitingBrowsers.TICK_MS, WaitingBrowsers.TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(WaitingBrowsers.Settings.MAX_PARKED).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(WaitingBrowsers.Settings.DEFAULT_MAX_PARKED)
                .helpText("Waiting sign-in pages whose status poll this node holds open at once (0 to "
                        + WaitingBrowsers.Settings.MAX_MAX_PARKED + "); more are told to ask again later (429 with Retry-After). "
                        + "Each sign-in request has at most " + WaitingBrowsers.PER_CHALLENGE + ".").add()
                .property().name(WaitingBrowsers.Settings.RECHECK_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(WaitingBrowsers.Settings.DEFAULT_RECHECK_SECONDS)
                .helpText("Safety net (1 to " + WaitingBrowsers.Settings.MAX_RECHECK_SECONDS + " s): how often this node re-reads the "
                        + "store, once for all waiting pages, in case the cluster notification of an answer was lost.").add()
                .build();
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
