package io.nordicsca.keycloak.app;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantTypeFactory;

/**
 * Replaces Keycloak's CIBA grant with {@link CibaTokenGrant}: the same id
 * ({@code urn:openid:params:grant-type:ciba}) and a higher {@link #order}; Keycloak's
 * {@code ProviderManager} keeps, of two factories with one id, the one of the higher order.
 */
public class CibaTokenGrantFactory extends CibaGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new CibaTokenGrant();
    }

    @Override
    public int order() {
        return CibaChannelFactory.OVER_KEYCLOAKS;
    }
}
