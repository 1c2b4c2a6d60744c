package io.nordicsca.keycloak.app.push;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;

/** {@code none}: no push at all; the app asks for pending requests itself. */
public class NoPushSenderFactory extends NoLifecycleFactory implements PushSenderFactory {

    private static final PushSender INSTANCE = message -> true;

    @Override
    public PushSender create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return "none";
    }
}
