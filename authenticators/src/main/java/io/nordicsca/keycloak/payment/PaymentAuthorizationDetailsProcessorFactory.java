package io.nordicsca.keycloak.payment;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorFactory;

/**
 * Registers {@link PaymentAuthorizationDetailsProcessor}. Keycloak picks a processor by the factory's
 * id, which must therefore be the detail's type, {@code payment_initiation}.
 */
public class PaymentAuthorizationDetailsProcessorFactory extends NoLifecycleFactory implements AuthorizationDetailsProcessorFactory {

    @Override
    public AuthorizationDetailsProcessor<?> create(KeycloakSession session) {
        return new PaymentAuthorizationDetailsProcessor();
    }

    @Override
    public String getId() {
        return Payment.TYPE;
    }
}
