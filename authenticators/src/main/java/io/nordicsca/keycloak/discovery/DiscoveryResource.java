package io.nordicsca.keycloak.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.NordicSca;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET /realms/{realm}/nordic-sca}: what this server offers, for the bank's app team and
 * for admins checking a deployment. Public on purpose, like OpenID discovery: it names step
 * types and the server version, never users, devices or configuration values.
 */
public class DiscoveryResource {

    private final KeycloakSession session;

    public DiscoveryResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("") // RESTEasy Reactive matches a sub-resource's root only with an explicit empty path
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> describe() {
        RealmModel realm = session.getContext().getRealm();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("realm", realm.getName());
        document.put("version", NordicSca.version());
        document.put("steps", deployedSteps());
        document.put("locales", realm.isInternationalizationEnabled()
                ? realm.getSupportedLocalesStream().sorted().toList()
                : List.of());
        return document;
    }

    private List<Map<String, String>> deployedSteps() {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(Authenticator.class)
                .filter(factory -> factory.getId().startsWith(NordicSca.PROVIDER_PREFIX))
                .map(AuthenticatorFactory.class::cast)
                .sorted((a, b) -> a.getId().compareTo(b.getId()))
                .map(DiscoveryResource::step)
                .toList();
    }

    /** A step as the document lists it; steps that prove no factor (the lock check, the unlock steps) have no category. */
    private static Map<String, String> step(AuthenticatorFactory factory) {
        return factory.getReferenceCategory() == null
                ? Map.of("id", factory.getId(), "name", factory.getDisplayType())
                : Map.of("id", factory.getId(), "name", factory.getDisplayType(), "category", factory.getReferenceCategory());
    }
}
