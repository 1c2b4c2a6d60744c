package io.nordicsca.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.ThemeInfoRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an administrator checks first: are our jars loaded, and is the demo realm set up as shipped? */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class DeploymentTest {

    private static final String EXPECTED_VERSION = System.getProperty("nordicsca.version");
    private static final List<String> SIX_LOCALES = List.of("da", "en", "fi", "nb", "nn", "sv");

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void serverInfoListsOurProviderWithItsVersion() {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();

        ProviderRepresentation discovery = info.getProviders().get("realm-restapi-extension").getProviders().get("nordic-sca");
        assertNotNull(discovery, "the nordic-sca provider is not deployed");
        assertEquals(EXPECTED_VERSION, discovery.getOperationalInfo().get("version"));
    }

    @Test
    void serverInfoListsOurLoginThemeWithSixLocales() {
        ThemeInfoRepresentation theme = admin.serverInfo().getInfo().getThemes().get("login").stream()
                .filter(t -> t.getName().equals("nordic-sca"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("login theme nordic-sca is not deployed"));

        assertEquals(SIX_LOCALES, List.of(theme.getLocales()).stream().sorted().toList());
    }

    @Test
    void demoRealmUsesOurThemeAndPsd2BruteForceLimit() {
        var rep = realm.admin().toRepresentation();

        assertEquals("nordic-sca", rep.getLoginTheme());
        assertTrue(rep.isInternationalizationEnabled());
        assertEquals(SIX_LOCALES, rep.getSupportedLocales().stream().sorted().toList());
        assertTrue(rep.isBruteForceProtected());
        assertTrue(rep.getFailureFactor() <= 5, "PSD2 allows at most 5 consecutive failures");
    }

    @Test
    @SuppressWarnings("unchecked")
    void discoveryDocumentNamesRealmVersionLocalesAndAssuranceLevels() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/nordic-sca")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> document = JsonSerialization.readValue(response.body(), Map.class);
        assertEquals(DemoRealm.NAME, document.get("realm"));
        assertEquals(EXPECTED_VERSION, document.get("version"));
        assertEquals(SIX_LOCALES, document.get("locales"));
        List<Map<String, String>> steps = (List<Map<String, String>>) document.get("steps");
        assertTrue(steps.stream().anyMatch(step -> "nordic-sca-code-card".equals(step.get("id"))
                && "code-card".equals(step.get("category"))), "the code card step is not listed: " + steps);
        assertTrue(steps.stream().noneMatch(step -> "null".equals(step.get("category"))),
                "a step that proves no factor has no category, never the text null: " + steps);
        assertEquals(List.of(
                        Map.of("acr", "urn:nordic-sca:loa:password", "level", 1, "meaning", "password"),
                        Map.of("acr", "urn:nordic-sca:loa:sca", "level", 2, "maxAge", 36000, "meaning", "sca"),
                        Map.of("acr", "urn:nordic-sca:loa:sca-linked", "level", 3, "maxAge", 0, "meaning", "sca-linked")),
                document.get("assuranceLevels"),
                "the realm's acr values by level; max age from the browser flow, which has no password-only level");
        assertEquals(List.of(Map.of("acr", "urn:nordic-sca:loa:app", "grantType", "urn:openid:params:grant-type:ciba", "meaning", "app")),
                document.get("decoupledLevels"), "CIBA's identification with the app, apart from the browser's ladder");
    }
}
