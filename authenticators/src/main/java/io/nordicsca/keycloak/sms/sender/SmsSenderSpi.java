package io.nordicsca.keycloak.sms.sender;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The SPI through which the SMS step sends codes. Server options take the form
 * {@code --spi-nordic-sca-sms-sender--twilio--account-sid=...}; which sender a flow uses is set in
 * the step's configuration.
 */
public class SmsSenderSpi implements Spi {

    public static final String NAME = "nordic-sca-sms-sender";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SmsSender.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SmsSenderFactory.class;
    }
}
