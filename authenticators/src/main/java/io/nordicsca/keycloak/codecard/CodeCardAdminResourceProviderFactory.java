package io.nordicsca.keycloak.codecard;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/**
 * Serves {@link CodeCardAdminResource} at {@code /admin/realms/{realm}/nordic-sca-code-cards}. Keycloak
 * marks this SPI internal (one warning at start-up); it is the extension point where Keycloak
 * itself authenticates admin tokens, including the master realm's.
 */
public class CodeCardAdminResourceProviderFactory extends NoLifecycleFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "nordic-sca-code-cards";

    private static final AdminRealmResourceProvider INSTANCE = new CodeCardAdminResourceProvider();

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
