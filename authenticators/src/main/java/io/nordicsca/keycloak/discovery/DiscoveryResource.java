package io.nordicsca.keycloak.discovery;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.NordicSca;
import io.nordicsca.keycloak.app.CibaChannelFactory;
import io.nordicsca.keycloak.app.CibaTokenGrant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * {@code GET /realms/{realm}/nordic-sca}: what this server offers, for the bank's app team and
 * for admins checking a deployment. Public on purpose, like OpenID discovery: it names step
 * types and the server version, never users, devices or configuration values.
 */
public class DiscoveryResource {

    /** What each level of our ladder means (docs/relying-parties.md): the key a relying party may show or map. */
    static final Map<Integer, String> MEANINGS = Map.of(
            1, "password",
            2, "sca",
            3, "sca-linked");

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
        document.put("assuranceLevels", assuranceLevels(realm));
        document.put("decoupledLevels", decoupledLevels());
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

    /**
     * The {@code acr} of a decoupled identification (CIBA) with the app alone: apart from the browser's
     * ladder, so no relying party mistakes it for a level it asked a browser sign-in for. Listed when
     * the server's CIBA channel is the app's.
     */
    private List<Map<String, String>> decoupledLevels() {
        if (!CibaChannelFactory.isTheServers(session)) {
            return List.of();
        }
        return List.of(Map.of("acr", CibaTokenGrant.ACR, "grantType", OAuth2Constants.CIBA_GRANT_TYPE, "meaning", "app"));
    }

    /**
     * The realm's {@code acr} values (realm attribute {@code acr.loa.map}, as Keycloak reads it) by level:
     * {@code maxAge} (seconds a level is remembered for step-up; 0: asked each time) where the realm's
     * browser flow has that level, and what the level means on our ladder. A client's own
     * {@code acr.loa.map} (e.g. eIDAS-style names) is the client's business and not listed.
     */
    private static List<Map<String, Object>> assuranceLevels(RealmModel realm) {
        String map = realm.getAttribute(Constants.ACR_LOA_MAP);
        if (map == null || map.isBlank()) {
            return List.of();
        }
        Map<String, Integer> acrLevels;
        try {
            acrLevels = AcrUtils.parseAcrLoaMap(map);
        } catch (IOException | RuntimeException e) {
            return List.of(); // Keycloak refuses the same map at sign-in; the admin console shows it
        }
        Map<Integer, Integer> maxAges = LoAUtil.getLoaMaxAgesConfiguredInRealmBrowserFlow(realm);
        return acrLevels.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> {
                    Map<String, Object> level = new LinkedHashMap<>();
                    level.put("acr", entry.getKey());
                    level.put("level", entry.getValue());
                    if (maxAges.containsKey(entry.getValue())) {
                        level.put("maxAge", maxAges.get(entry.getValue()));
                    }
                    String meaning = MEANINGS.get(entry.getValue());
                    if (meaning != null) {
                        level.put("meaning", meaning);
                    }
                    return level;
                })
                .toList();
    }

    /** A step as the document lists it; steps that prove no factor (the lock check, the unlock steps) have no category. */
    private static Map<String, String> step(AuthenticatorFactory factory) {
        return factory.getReferenceCategory() == null
                ? Map.of("id", factory.getId(), "name", factory.getDisplayType())
                : Map.of("id", factory.getId(), "name", factory.getDisplayType(), "category", factory.getReferenceCategory());
    }
}
