package io.nordicsca.keycloak.sms.sender;

import org.keycloak.provider.ProviderFactory;

public interface SmsSenderFactory extends ProviderFactory<SmsSender> {
}
