package io.nordicsca.keycloak.discovery;

import java.util.Map;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.NordicSca;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves the discovery document at {@code /realms/{realm}/nordic-sca} and reports our version
 * in the admin console's provider info.
 */
public class DiscoveryResourceProviderFactory extends NoLifecycleFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    /** The URL path segment under the realm; deliberately without the provider prefix's dash. */
    public static final String PROVIDER_ID = "nordic-sca";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new DiscoveryResourceProvider(session);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", NordicSca.version());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
