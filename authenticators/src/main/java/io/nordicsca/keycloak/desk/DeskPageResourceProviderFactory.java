package io.nordicsca.keycloak.desk;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link DeskPage} at {@code /realms/{admin realm}/nordic-sca-desk/}. */
public class DeskPageResourceProviderFactory extends NoLifecycleFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "nordic-sca-desk";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new DeskPage(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
