package io.nordicsca.keycloak.callcentre;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves the call-centre API at {@code /realms/{realm}/nordic-sca-call-centre} ({@link CallCentreResource}). */
public class CallCentreResourceProviderFactory extends NoLifecycleFactory implements RealmResourceProviderFactory {

    public static final String ID = "nordic-sca-call-centre";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new CallCentreResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}
