package io.nordicsca.keycloak.sms.sender;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

/**
 * The {@code log} sender writes codes into the server log, which no bank may do in production.
 * So it exists only where the server operator turns it on:
 * {@code --spi-nordic-sca-sms-sender--log--enabled=true} (the demo does).
 */
public class LogSmsSenderFactory extends NoLifecycleFactory implements SmsSenderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "log";

    private static final Logger LOG = Logger.getLogger(LogSmsSenderFactory.class);
    private static final SmsSender INSTANCE = new LogSmsSender();

    @Override
    public boolean isSupported(Config.Scope config) {
        boolean enabled = config.getBoolean("enabled", false);
        if (enabled) {
            LOG.warn("The 'log' SMS sender is on: one-time codes are written to the server log. For demos only.");
        }
        return enabled;
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
