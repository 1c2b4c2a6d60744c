package io.nordicsca.keycloak.payment;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorFactory;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.AuthorizationDetailsParser;

/**
 * Registers {@link PaymentAuthorizationDetailsProcessor}. Keycloak picks a processor by the factory's
 * id, which must therefore be the detail's type, {@code payment_initiation}. Keycloak also converts each
 * detail to the processor's response class through a parser registered for its type (as its own
 * OID4VC factory registers one); ours is the generic class, so the detail is passed through as it is.
 */
public class PaymentAuthorizationDetailsProcessorFactory extends NoLifecycleFactory implements AuthorizationDetailsProcessorFactory {

    @Override
    public void init(Config.Scope config) {
        AuthorizationDetailsParser.registerParser(Payment.TYPE, new AuthorizationDetailsParser() {
            @Override
            public <T extends AuthorizationDetailsJSONRepresentation> T asSubtype(AuthorizationDetailsJSONRepresentation detail, Class<T> type) {
                if (!type.isInstance(detail)) {
                    throw new IllegalArgumentException("payment_initiation is read as " + AuthorizationDetailsJSONRepresentation.class.getName());
                }
                return type.cast(detail);
            }
        });
    }

    @Override
    public AuthorizationDetailsProcessor<?> create(KeycloakSession session) {
        return new PaymentAuthorizationDetailsProcessor();
    }

    @Override
    public String getId() {
        return Payment.TYPE;
    }
}
