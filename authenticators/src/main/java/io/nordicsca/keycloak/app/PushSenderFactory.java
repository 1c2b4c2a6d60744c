package io.nordicsca.keycloak.app;

import org.keycloak.provider.ProviderFactory;

public interface PushSenderFactory extends ProviderFactory<PushSender> {
}
