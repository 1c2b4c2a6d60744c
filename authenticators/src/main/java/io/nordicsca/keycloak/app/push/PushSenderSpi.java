package io.nordicsca.keycloak.app.push;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI {@code nordic-sca-push-sender}: options as {@code --spi-nordic-sca-push-sender--webhook--url=...}. */
public class PushSenderSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "nordic-sca-push-sender";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PushSender.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PushSenderFactory.class;
    }
}
