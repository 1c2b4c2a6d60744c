package io.nordicsca.keycloak.payment;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;

/** Registers {@link PaymentRefreshRefusal} ahead of Keycloak's own refresh providers (order 0, and 10 for OID4VC). */
public class PaymentRefreshRefusalFactory extends NoLifecycleFactory implements RefreshTokenProviderFactory {

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new PaymentRefreshRefusal();
    }

    @Override
    public String getId() {
        return "nordic-sca-payment-refresh-refusal";
    }

    @Override
    public int order() {
        return 100;
    }
}
