package io.nordicsca.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An attacker who knows a customer's password (and nothing else) tries every way the demo realm
 * could issue a token: the password grant on each of the realm's clients (Keycloak creates
 * {@code admin-cli}, {@code account} and others in every realm), the device grant, CIBA, "forgot
 * password" and self-registration. None of them gives a token; only the browser flow with the
 * second factor does. CIBA goes through the app only (the server's channel): a customer without
 * the app cannot be asked, whichever client asks (the CIBA flow itself: {@code CibaTest}).
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class GrantPathsTest {

    private static final String USERNAME = "grant-paths";
    private static final String PASSWORD = "Grant-paths-password-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CIBA_PARTNER = "grant-paths-ciba-partner";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void customerWithACodeCard() {
        if (realm.admin().users().search(USERNAME, true).isEmpty()) {
            String id = Customers.add(realm, USERNAME, PASSWORD);
            new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(id, 100);
        }
    }

    /** The control: the password is right, and the browser flow then asks for the code card. */
    @Test
    void theRightPasswordInTheBrowserLeadsToTheSecondFactorNotToTokens() {
        Page next = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), USERNAME, PASSWORD);
        assertTrue(CodeCardStep.askedPosition(next) > 0, "the code card page asks for a security number");
        assertNull(next.redirectedAwayTo(), "no authorization code before the second factor");
    }

    @Test
    void thePasswordGrantGivesNoTokenOnAnyClientOfTheRealm() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (ClientRepresentation client : usableClients()) {
            Map<String, String> form = new LinkedHashMap<>(clientAuthentication(client));
            form.putAll(Map.of("grant_type", "password", "username", USERNAME, "password", PASSWORD, "scope", "openid"));
            answers.put(client.getClientId(), post("/protocol/openid-connect/token", form));
        }
        assertTrue(answers.containsKey("admin-cli"), "Keycloak's own admin-cli was tried: " + answers.keySet());
        assertNoneIssued(answers, "access_token");
        assertTrue(answers.get("admin-cli").startsWith("400 {") && answers.get("admin-cli").contains("\"error\":\"unauthorized_client\""),
                "admin-cli refuses with the OAuth error a client understands: " + answers.get("admin-cli"));
    }

    @Test
    void theDeviceGrantStartsForNoClientOfTheRealm() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (ClientRepresentation client : usableClients()) {
            Map<String, String> form = new LinkedHashMap<>(clientAuthentication(client));
            form.put("scope", "openid");
            answers.put(client.getClientId(), post("/protocol/openid-connect/auth/device", form));
        }
        assertNoneIssued(answers, "device_code");
    }

    @Test
    void cibaStartsForNoClientOfTheRealm() {
        // Besides the realm's call-centre client (private_key_jwt: the attacker has no key), a partner whose
        // secret the attacker is granted: the customer has no app, so even a client that may ask gets no auth_req_id.
        if (realm.admin().clients().findByClientId(CIBA_PARTNER).isEmpty()) {
            ClientRepresentation partner = new ClientRepresentation();
            partner.setClientId(CIBA_PARTNER);
            partner.setPublicClient(false);
            partner.setSecret("grant-paths-partner-" + Long.toHexString(System.nanoTime()));
            partner.setAttributes(Map.of("oidc.ciba.grant.enabled", "true", "ciba.backchannel.token.delivery.mode", "poll"));
            realm.admin().clients().create(partner).close();
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (ClientRepresentation client : usableClients()) {
            Map<String, String> form = new LinkedHashMap<>(clientAuthentication(client));
            form.putAll(Map.of("scope", "openid", "login_hint", USERNAME, "binding_message", "GRANT-PATHS"));
            answers.put(client.getClientId(), post("/protocol/openid-connect/ext/ciba/auth", form));
        }
        assertNoneIssued(answers, "auth_req_id");
        assertTrue(answers.containsKey("nordic-bank-call-centre"), "the realm's CIBA client was tried: " + answers.keySet());
        assertEquals("400 {\"error\":\"access_denied\",\"error_description\":\"the customer cannot be asked in the app\"}",
                answers.get(CIBA_PARTNER), "a client that may ask is told no more than that");
    }

    @Test
    void forgotPasswordOffersNoWayToSignIn() {
        Page page = new Browser(urls.getBase()).open(realm.getBaseUrl()
                + "/login-actions/reset-credentials?client_id=" + OidcClient.DEMO_CLIENT_ID);
        assertNull(page.document().getElementById("kc-reset-password-form"), "no form to choose the user: " + page.body());
        assertNull(page.redirectedAwayTo(), "no authorization code");
    }

    @Test
    void selfRegistrationIsClosed() {
        Page page = new Browser(urls.getBase()).open(realm.getBaseUrl() + "/protocol/openid-connect/registrations?client_id="
                + OidcClient.DEMO_CLIENT_ID + "&response_type=code&scope=openid&redirect_uri="
                + URLEncoder.encode(OidcClient.DEMO_REDIRECT_URI, StandardCharsets.UTF_8));
        assertNull(page.document().getElementById("kc-register-form"), "no registration form: " + page.body());
    }

    /** Every client a token could be asked for: enabled, not bearer-only (those never get tokens). */
    private List<ClientRepresentation> usableClients() {
        List<ClientRepresentation> clients = realm.admin().clients().findAll().stream()
                .filter(ClientRepresentation::isEnabled)
                .filter(client -> !Boolean.TRUE.equals(client.isBearerOnly()))
                .toList();
        assertTrue(clients.size() >= 5, "the realm's own clients and Keycloak's: " + clients.stream()
                .map(ClientRepresentation::getClientId).toList());
        return clients;
    }

    /**
     * A public client needs only its id; for a confidential one the attacker is granted its secret too
     * (a bank's own back end that holds it could be the one asking).
     */
    private Map<String, String> clientAuthentication(ClientRepresentation client) {
        if (Boolean.TRUE.equals(client.isPublicClient())) {
            return Map.of("client_id", client.getClientId());
        }
        String secret = realm.admin().clients().get(client.getId()).getSecret().getValue();
        return Map.of("client_id", client.getClientId(), "client_secret", secret == null ? "" : secret);
    }

    /** "status body" of a form POST to one of the realm's OIDC endpoints. */
    private String post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (Exception e) {
            throw new AssertionError("POST " + path + " failed", e);
        }
    }

    private static void assertNoneIssued(Map<String, String> answers, String field) {
        List<String> issued = new ArrayList<>();
        answers.forEach((client, answer) -> {
            if (answer.contains("\"" + field + "\"")) {
                issued.add(client + ": " + answer);
            }
        });
        assertEquals(List.of(), issued, "clients that answered with " + field + " on the password alone");
        answers.values().forEach(answer -> assertFalse(answer.startsWith("200"), "refused, not 200: " + answer));
    }
}
