package io.nordicsca.keycloak.app.push;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/** {@code log}: the demo's push, a log line with the challenge id (nothing secret in it). */
public class LogPushSenderFactory extends NoLifecycleFactory implements PushSenderFactory {

    private static final Logger LOG = Logger.getLogger(LogPushSenderFactory.class);
    private static final PushSender INSTANCE = message -> {
        LOG.infof("Push to device %s: approval request %s waits", message.deviceId(), message.challengeId());
        return true;
    };

    @Override
    public PushSender create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return "log";
    }
}
