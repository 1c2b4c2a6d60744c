package io.nordicsca.keycloak.app;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolverFactory;

/**
 * The server's CIBA user resolver ({@link CibaCustomers}); its {@link #order} above Keycloak's
 * {@code default-ciba-login-user-resolver} (order 0) makes it the default without options, as for
 * {@link CibaChannelFactory}.
 */
public class CibaCustomersFactory extends NoLifecycleFactory implements CIBALoginUserResolverFactory {

    public static final String PROVIDER_ID = "nordic-sca-customers";

    @Override
    public CIBALoginUserResolver create(KeycloakSession session) {
        return new CibaCustomers(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return CibaChannelFactory.OVER_KEYCLOAKS;
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.CIBA);
    }
}
