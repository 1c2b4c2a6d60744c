package io.nordicsca.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.nordicsca.companion.Answer;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientPoliciesPoliciesResource;
import org.keycloak.admin.client.resource.ClientPoliciesProfilesResource;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller's system (a call centre, a partner) identifies a customer who is not at a browser: CIBA
 * through the app. Keycloak's backchannel endpoint, our channel pushes to the phone (the companion
 * app plays it), the customer approves with the event ID the caller reads out, and the client gets
 * tokens that say what happened; poll and ping. Refusals look the same for every reason, locks are
 * checked again when the tokens are redeemed, and nothing but the app's signed approval gives tokens.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CibaTest {

    private static final String PASSWORD = "Ciba-customer-password-1";
    private static final String POLL_CLIENT = "ciba-partner-poll";
    private static final String PING_CLIENT = "ciba-partner-ping";
    /** Clients a test's client policy applies to: those with {@link #POLICY_ATTRIBUTE}. */
    private static final String POLICY_CLIENT = "ciba-partner-policy";
    private static final String SIGNED_CLIENT = "ciba-partner-signed";
    private static final String POLICY_ATTRIBUTE = "nordic-sca-it-policy";
    private static final String CIBA_AUTH = "/protocol/openid-connect/ext/ciba/auth";
    private static final String CLIENT_NAME = "Nordic Partner Call Centre";
    private static final String SECRET = "ciba-partner-secret-" + Long.toHexString(System.nanoTime());
    private static final String CANNOT_BE_ASKED = "{\"error\":\"access_denied\",\"error_description\":\"the customer cannot be asked in the app\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Phones enrolled once for the class; the realm lives as long. */
    private static final Map<String, AppCustomers.Enrolled> PHONES = new HashMap<>();
    private static Notifications notifications;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @AfterAll
    static void stopNotificationEndpoint() {
        if (notifications != null) {
            notifications.server.stop(0);
        }
    }

    @Test
    void pollTheCustomerApprovesWithTheCallersEventIdAndTheClientGetsAppTokens() {
        AppCustomers.Enrolled anna = customer("ciba-anna");
        Map<String, Object> started = json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-anna", "binding_message", "K7QM",
                "purpose", "Card blocking")));
        String authReqId = (String) started.get("auth_req_id");
        assertEquals(2, ((Number) started.get("interval")).intValue(), "the realm's CIBA policy: " + started);

        Challenge challenge = onlyPending(anna.phone());
        assertEquals(CLIENT_NAME, challenge.client(), "the app names who asks");
        assertEquals("Card blocking", challenge.purpose(), "and why");
        assertTrue(challenge.decoupled(), "no browser of the customer started it");
        assertEquals("", challenge.browser());
        assertEquals("", challenge.ip());
        assertEquals(Challenge.ENTER, challenge.mode(), "the app step's mode: the customer types what the caller reads out");
        assertNull(challenge.eventId(), "the app is not told the event ID");

        // Keycloak's HTTP callback, with the only credential the client holds: no approval, no token.
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/ext/ciba/auth/callback"))
                .header("Authorization", "Bearer " + authReqId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"SUCCEED\"}")).build());
        assertNotEquals(200, forged.statusCode(), "a forged approval is refused: " + forged.body());
        assertTrue(token(POLL_CLIENT, authReqId).contains("\"error\":\"authorization_pending\""), "still waiting for the app");

        assertEquals(Answer.APPROVED, anna.phone().approve(challenge, "k7 qm").result(), "typed as a person would: case and spaces do not matter");
        pause(Duration.ofMillis(2100)); // the realm's polling interval
        Map<String, Object> tokens = json(tokenOk(POLL_CLIENT, authReqId));
        assertNull(tokens.get("refresh_token"), "no refresh token for a decoupled identification: " + tokens.keySet());
        for (String kind : List.of("access_token", "id_token")) {
            Map<String, Object> claims = claims((String) tokens.get(kind));
            assertEquals("urn:nordic-sca:loa:app", claims.get("acr"), kind + ": identification with the app alone");
            assertEquals(List.of("swk"), claims.get("amr"), kind + ": the app step's amr reference");
            assertEquals(anna.userId(), claims.get("sub"), kind);
        }
        assertTrue(token(POLL_CLIENT, authReqId).contains("\"error\":\"invalid_grant\""), "an auth_req_id gives tokens once");
    }

    @Test
    void pingTheClientHearsOnlyAfterTheApprovalAndWithoutABindingMessageTheEventIdIsOurs() throws InterruptedException {
        AppCustomers.Enrolled bo = customer("ciba-bo");
        Notifications endpoint = notifications();
        String authReqId;
        DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of("mode", "compare"));
        try {
            authReqId = (String) json(startOk(PING_CLIENT, Map.of("login_hint", "ciba-bo",
                    "client_notification_token", "notify-bo-0123456789"))).get("auth_req_id");
        } finally {
            DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of());
        }
        Challenge challenge = onlyPending(bo.phone());
        assertEquals(Challenge.ENTER, challenge.mode(), "compare proves nothing when the holder of the phone need not be on the call");
        assertNull(challenge.eventId(), "the app is not told the event ID");
        // The caller's system reads the event ID we made, to read it out.
        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/nordic-sca-call-centre/ciba/event-id"))
                .header("Authorization", "Bearer " + serviceAccountToken(PING_CLIENT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("auth_req_id=" + URLEncoder.encode(authReqId, StandardCharsets.UTF_8))).build());
        assertEquals(200, read.statusCode(), read.body());
        String eventId = (String) json(read.body()).get("eventId");
        assertTrue(eventId.matches("[ACDEFHJKMNPQRTUVWXY3479]{4}"), "our event ID, in the app step's format: " + eventId);
        assertEquals("Identification by phone", challenge.purpose(), "the bank's words when the caller gives none");
        assertNull(endpoint.calls.poll(500, TimeUnit.MILLISECONDS), "nothing to tell the client before the customer answers");

        assertEquals(Answer.APPROVED, bo.phone().approve(challenge, eventId).result());
        Notification call = endpoint.calls.poll(10, TimeUnit.SECONDS);
        assertNotNull(call, "the client notification after the approval");
        assertEquals("Bearer notify-bo-0123456789", call.authorization());
        assertEquals(Map.of("auth_req_id", authReqId), json(call.body()));
        Map<String, Object> tokens = json(tokenOk(PING_CLIENT, authReqId));
        assertEquals("urn:nordic-sca:loa:app", claims((String) tokens.get("id_token")).get("acr"));
        assertEquals(bo.userId(), claims((String) tokens.get("id_token")).get("sub"));
    }

    @Test
    void aWrongEventIdCountsAndDeniesADenialDeniesAndAnUnansweredRequestExpires() {
        AppCustomers.Enrolled carl = customer("ciba-carl");
        String wrongOne;
        // Select mode: the decoys for the caller's event ID look like it, so its shape gives nothing away.
        DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of("mode", "select"));
        try {
            wrongOne = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-carl", "binding_message", "Q-7"))).get("auth_req_id");
        } finally {
            DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of());
        }
        Challenge picking = onlyPending(carl.phone());
        assertEquals(Challenge.SELECT, picking.mode());
        assertEquals(3, picking.eventIdOptions().size(), picking.eventIdOptions().toString());
        assertTrue(picking.eventIdOptions().contains("Q-7"), picking.eventIdOptions().toString());
        assertTrue(picking.eventIdOptions().stream().allMatch(option -> option.matches("[A-Z]-[0-9]")), picking.eventIdOptions().toString());
        String decoy = picking.eventIdOptions().stream().filter(option -> !option.equals("Q-7")).findFirst().orElseThrow();
        Answer wrong = carl.phone().answer(picking.id(), decoy, DeviceClient.APPROVE);
        assertEquals("wrong_event_id", wrong.error());
        AttackDetection.awaitFailures(realm, carl.userId(), 1); // counted by Keycloak's protector, as in the browser
        assertEquals(1, ((Number) LockoutDesk.factor(desk().view(carl.userId()), "app").get("failures")).intValue(),
                "and in the app's own run of answers");
        assertTrue(token(POLL_CLIENT, wrongOne).contains("\"error\":\"access_denied\""), "a wrong event ID denies the request");

        pause(Duration.ofMillis(1200)); // two wrong answers within a second would trip Keycloak's quick-login check (a lock)
        String denied = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-carl", "binding_message", "B-1"))).get("auth_req_id");
        assertEquals(Answer.DENIED, carl.phone().deny(onlyPending(carl.phone())).result());
        assertTrue(token(POLL_CLIENT, denied).contains("\"error\":\"access_denied\""), "the customer said no");

        String expiring = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-carl", "binding_message", "C-1",
                "requested_expiry", "2"))).get("auth_req_id");
        assertEquals(1, carl.phone().pending().size());
        pause(Duration.ofMillis(2500));
        assertEquals(List.of(), carl.phone().pending(), "the app no longer shows it");
        assertTrue(token(POLL_CLIENT, expiring).contains("\"error\":\"expired_token\""), "the caller's own expiry");
        AttackDetection.awaitFailures(realm, carl.userId(), 2);
        pause(Duration.ofMillis(500));
        assertEquals(2, AttackDetection.failures(AttackDetection.status(realm, carl.userId())),
                "the wrong event ID and the denial count; the caller's unanswered request does not");
    }

    @Test
    void locksRefuseAtTheStartLikeAnUnknownCustomerAndAgainWhenTheTokensAreRedeemed() {
        AppCustomers.Enrolled dana = customer("ciba-dana");
        HttpResponse<String> unknown = start(POLL_CLIENT, Map.of("login_hint", "no-such-customer"));
        assertEquals(400, unknown.statusCode());
        assertEquals(CANNOT_BE_ASKED, unknown.body());
        HttpResponse<String> badPurpose = start(POLL_CLIENT, Map.of("login_hint", "ciba-dana", "purpose", "two\nlines"));
        assertTrue(badPurpose.statusCode() == 400 && badPurpose.body().contains("\"error\":\"invalid_request\""), badPurpose.body());

        // The phone is locked after the approval: no tokens, and no new request.
        String approvedThenPhoneLocked = approvedRequest(dana, "D-1");
        desk().lock(dana.userId(), "app", "Phone reported stolen");
        assertTrue(token(POLL_CLIENT, approvedThenPhoneLocked).contains("\"error\":\"access_denied\""), "locked app at redemption");
        HttpResponse<String> phoneLocked = start(POLL_CLIENT, Map.of("login_hint", "ciba-dana"));
        assertEquals(400, phoneLocked.statusCode());
        assertEquals(CANNOT_BE_ASKED, phoneLocked.body(), "a locked app looks like an unknown customer");
        desk().unlock(dana.userId(), "app", "Phone found");

        // Keycloak locks the customer (five wrong passwords) after the approval.
        String approvedThenCustomerLocked = approvedRequest(dana, "D-2");
        for (int guess = 1; guess <= 5; guess++) {
            PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "ciba-dana", "wrong-" + guess);
            AttackDetection.awaitFailures(realm, dana.userId(), guess);
            pause(Duration.ofMillis(1200)); // slower than Keycloak's quick-login check
        }
        assertTrue(AttackDetection.locked(AttackDetection.status(realm, dana.userId())));
        assertTrue(token(POLL_CLIENT, approvedThenCustomerLocked).contains("\"error\":\"access_denied\""), "locked customer at redemption");
        HttpResponse<String> customerLocked = start(POLL_CLIENT, Map.of("login_hint", "ciba-dana"));
        assertEquals(400, customerLocked.statusCode());
        assertEquals(CANNOT_BE_ASKED, customerLocked.body(), "a locked customer looks like an unknown one");
        assertEquals(List.of(), dana.phone().pending(), "nothing was pushed");
        AttackDetection.unlock(realm, dana.userId());
        desk().unlock(dana.userId(), "password", "Test over");
    }

    @Test
    void aMalformedRequestAnswersAlikeForEveryoneAndAUsedUpPushLimitLooksLikeADecline() {
        AppCustomers.Enrolled erik = customer("ciba-erik");
        // Keycloak checks the rest of the request after it looks the customer up: our resolver checks first.
        for (Map<String, String> malformed : List.of(Map.of("client_id", POLL_CLIENT, "client_secret", SECRET),
                Map.of("client_id", POLL_CLIENT, "client_secret", SECRET, "scope", "openid", "binding_message", "two words"))) {
            Map<String, String> askable = new HashMap<>(malformed);
            askable.put("login_hint", "ciba-erik");
            Map<String, String> unknown = new HashMap<>(malformed);
            unknown.put("login_hint", "no-such-customer");
            HttpResponse<String> forAskable = post(CIBA_AUTH, askable);
            HttpResponse<String> forUnknown = post(CIBA_AUTH, unknown);
            assertEquals(400, forAskable.statusCode(), forAskable.body());
            assertEquals(forUnknown.statusCode() + " " + forUnknown.body(), forAskable.statusCode() + " " + forAskable.body(),
                    "the same answer whoever is named");
            assertNotEquals(CANNOT_BE_ASKED, forAskable.body(), "Keycloak's own error for the request's mistake");
        }

        String pushed;
        String overLimit;
        DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of("pushesPerWindow", "1"));
        try {
            pushed = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-erik", "binding_message", "E-1"))).get("auth_req_id");
            // A refusal here would tell the caller more than an askable customer's decline: the request is taken and denied.
            overLimit = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", "ciba-erik", "binding_message", "E-2"))).get("auth_req_id");
        } finally {
            DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of());
        }
        pause(Duration.ofMillis(2100)); // the realm's polling interval
        assertTrue(token(POLL_CLIENT, overLimit).contains("\"error\":\"access_denied\""), "like a customer who declined");
        assertEquals(Answer.APPROVED, erik.phone().approve(onlyPending(erik.phone()), "E-1").result(),
                "nothing was pushed for it, and the request before it still waits");
        assertTrue(token(POLL_CLIENT, pushed).startsWith("200 "));
    }

    @Test
    void aClientPolicyRefusesAlikeForEveryoneBeforeTheCustomerIsLookedUp() {
        AppCustomers.Enrolled frida = customer("ciba-frida");
        addClient(POLICY_CLIENT, Map.of(POLICY_ATTRIBUTE, "on"));
        // fapi-ciba's secure-ciba-session: a binding_message is required. Keycloak runs client policies after it asks for the customer.
        withClientPolicy("secure-ciba-session", Map.of(), () -> {
            List<String> answers = askedFor("ciba-frida", hint -> Map.of("client_id", POLICY_CLIENT, "client_secret", SECRET,
                    "scope", "openid", "login_hint", hint));
            assertEquals("400 {\"error\":\"invalid_request\",\"error_description\":\"Missing parameter: binding_message\"}", answers.get(0),
                    "the policy's own error");
            assertEquals(answers.get(1), answers.get(0), "the same answer whoever is named");
            assertEquals(List.of(), frida.phone().pending(), "nothing was pushed");

            // Our early run of the policies and Keycloak's own run after ours both pass: the customer is asked.
            startOk(POLICY_CLIENT, Map.of("login_hint", "ciba-frida", "binding_message", "F-1"));
            assertEquals(Answer.DENIED, frida.phone().deny(onlyPending(frida.phone())).result());
        });
    }

    @Test
    void aSignedRequestObjectIsCheckedBeforeTheCustomerIsLookedUpToo() {
        AppCustomers.Enrolled gustav = customer("ciba-gustav");
        RequestObjects objects = new RequestObjects();
        addClient(SIGNED_CLIENT, Map.of(POLICY_ATTRIBUTE, "on", "ciba.backchannel.auth.request.signing.alg", "RS256",
                "use.jwks.string", "true", "jwks.string", objects.jwks()));
        // Keycloak reads the request from the signed object, and checks it only after it asks for the customer.
        for (Map<String, Object> malformed : List.<Map<String, Object>>of(Map.of("scope", "openid", "binding_message", "two words"),
                Map.of("binding_message", "G-1"), // no scope, in the object or the form
                Map.of("scope", "openid", "purpose", "two\nlines"))) {
            List<String> answers = askedFor("ciba-gustav", hint -> Map.of("client_id", SIGNED_CLIENT, "client_secret", SECRET,
                    "request", objects.sign(with(malformed, Map.of("login_hint", hint)))));
            assertTrue(answers.get(0).startsWith("400 "), answers.get(0));
            assertNotEquals("400 " + CANNOT_BE_ASKED, answers.get(0), "the request's own error for its mistake");
            assertEquals(answers.get(1), answers.get(0), "the same answer whoever is named: " + malformed);
        }
        assertEquals(List.of(), gustav.phone().pending(), "nothing was pushed");

        // fapi-ciba's secure-ciba-signed-authn-req: the object must say who made it, for whom and for how long.
        withClientPolicy("secure-ciba-signed-authn-req", Map.of("available-period", "3600"), () -> {
            List<String> answers = askedFor("ciba-gustav", hint -> Map.of("client_id", SIGNED_CLIENT, "client_secret", SECRET,
                    "request", objects.sign(Map.of("scope", "openid", "binding_message", "G-2", "login_hint", hint))));
            assertEquals("400 {\"error\":\"invalid_request\",\"error_description\":\"Missing parameter in the signed authentication request: exp\"}",
                    answers.get(0), "the policy's own error");
            assertEquals(answers.get(1), answers.get(0), "the same answer whoever is named");
            assertEquals(List.of(), gustav.phone().pending(), "nothing was pushed");

            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> wellFormed = Map.of("scope", "openid", "binding_message", "G-3", "login_hint", "ciba-gustav",
                    "purpose", "Signed request", "iss", SIGNED_CLIENT, "aud", realm.getBaseUrl(), "iat", now, "nbf", now,
                    "exp", now + 60, "jti", Long.toHexString(System.nanoTime()));
            HttpResponse<String> started = post(CIBA_AUTH, Map.of("client_id", SIGNED_CLIENT, "client_secret", SECRET,
                    "request", objects.sign(wellFormed)));
            assertEquals(200, started.statusCode(), started.body());
            Challenge challenge = onlyPending(gustav.phone());
            assertEquals("Signed request", challenge.purpose(), "the object's purpose reaches the app");
            assertEquals(Answer.DENIED, gustav.phone().deny(challenge).result());
        });
    }

    /** The same request naming an askable customer and an unknown one: their answers, "status body". */
    private List<String> askedFor(String askable, Function<String, Map<String, String>> request) {
        return Stream.of(askable, "no-such-customer").map(hint -> post(CIBA_AUTH, request.apply(hint)))
                .map(answer -> answer.statusCode() + " " + answer.body()).toList();
    }

    private static Map<String, Object> with(Map<String, Object> claims, Map<String, Object> more) {
        Map<String, Object> all = new HashMap<>(claims);
        all.putAll(more);
        return all;
    }

    /**
     * Runs {@code body} while the realm has one client policy: for the clients with our test attribute,
     * a profile of Keycloak's {@code executor}; the realm's own policies and profiles come back afterwards.
     */
    private void withClientPolicy(String executor, Map<String, String> configuration, Runnable body) {
        ClientPoliciesProfilesResource profiles = realm.admin().clientPoliciesProfilesResource();
        ClientPoliciesPoliciesResource policies = realm.admin().clientPoliciesPoliciesResource();
        ClientProfilesRepresentation profilesBefore = profiles.getProfiles(false);
        ClientPoliciesRepresentation policiesBefore = policies.getPolicies(false);
        try {
            profiles.updateProfiles(JsonSerialization.readValue(JsonSerialization.writeValueAsString(Map.of("profiles", List.of(Map.of(
                    "name", "nordic-sca-it", "executors", List.of(Map.of("executor", executor, "configuration", configuration)))))),
                    ClientProfilesRepresentation.class));
            String attributes = JsonSerialization.writeValueAsString(List.of(Map.of("key", POLICY_ATTRIBUTE, "value", "on")));
            policies.updatePolicies(JsonSerialization.readValue(JsonSerialization.writeValueAsString(Map.of("policies", List.of(Map.of(
                    "name", "nordic-sca-it", "enabled", true, "profiles", List.of("nordic-sca-it"),
                    "conditions", List.of(Map.of("condition", "client-attributes", "configuration", Map.of("attributes", attributes))))))),
                    ClientPoliciesRepresentation.class));
            body.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            policies.updatePolicies(policiesBefore);
            profiles.updateProfiles(profilesBefore);
        }
    }

    /** A poll client with the class's secret and {@code attributes}, made or brought up to date. */
    private void addClient(String clientId, Map<String, String> attributes) {
        ClientRepresentation client = realm.admin().clients().findByClientId(clientId).stream().findFirst().orElseGet(ClientRepresentation::new);
        client.setClientId(clientId);
        client.setName(CLIENT_NAME);
        client.setPublicClient(false);
        client.setSecret(SECRET);
        client.setStandardFlowEnabled(false);
        Map<String, String> all = new HashMap<>(Map.of("oidc.ciba.grant.enabled", "true", "ciba.backchannel.token.delivery.mode", "poll"));
        all.putAll(attributes);
        client.setAttributes(all);
        if (client.getId() == null) {
            realm.admin().clients().create(client).close();
        } else {
            realm.admin().clients().get(client.getId()).update(client);
        }
    }

    /** A client's signed request objects (RS256) and the public key Keycloak checks them with. */
    private static final class RequestObjects {
        private final KeyPair keys;

        RequestObjects() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String jwks() {
            RSAPublicKey key = (RSAPublicKey) keys.getPublic();
            return json(Map.of("keys", List.of(Map.of("kty", "RSA", "kid", "it-1", "use", "sig", "alg", "RS256",
                    "n", unsigned(key.getModulus()), "e", unsigned(key.getPublicExponent())))));
        }

        String sign(Map<String, Object> claims) {
            String signed = base64(json(Map.of("alg", "RS256", "kid", "it-1", "typ", "JWT"))) + "." + base64(json(claims));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(keys.getPrivate());
                signature.update(signed.getBytes(StandardCharsets.US_ASCII));
                return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String unsigned(BigInteger number) {
            byte[] bytes = number.toByteArray();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
        }

        private static String base64(String text) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        private static String json(Object value) {
            try {
                return JsonSerialization.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A request the customer approved with its binding message; its auth_req_id, not yet redeemed. */
    private String approvedRequest(AppCustomers.Enrolled customer, String bindingMessage) {
        String username = realm.admin().users().get(customer.userId()).toRepresentation().getUsername();
        String authReqId = (String) json(startOk(POLL_CLIENT, Map.of("login_hint", username, "binding_message", bindingMessage))).get("auth_req_id");
        assertEquals(Answer.APPROVED, customer.phone().approve(onlyPending(customer.phone()), bindingMessage).result());
        return authReqId;
    }

    private AppCustomers.Enrolled customer(String username) {
        synchronized (PHONES) {
            ensureClients();
            return PHONES.computeIfAbsent(realm.getName() + "/" + username,
                    key -> AppCustomers.add(realm, admin, urls.getBase(), username, PASSWORD));
        }
    }

    private void ensureClients() {
        if (!realm.admin().clients().findByClientId(POLL_CLIENT).isEmpty()) {
            return;
        }
        for (String clientId : List.of(POLL_CLIENT, PING_CLIENT)) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setName(CLIENT_NAME);
            client.setPublicClient(false);
            client.setSecret(SECRET);
            client.setStandardFlowEnabled(false);
            Map<String, String> attributes = new HashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                    "ciba.backchannel.token.delivery.mode", clientId.equals(PING_CLIENT) ? "ping" : "poll"));
            if (clientId.equals(PING_CLIENT)) {
                attributes.put("ciba.backchannel.client.notification.endpoint", notifications().url());
            }
            client.setAttributes(attributes);
            // The ping client reads the event IDs we make: its service account holds the call-centre role.
            client.setServiceAccountsEnabled(clientId.equals(PING_CLIENT));
            realm.admin().clients().create(client).close();
        }
        String ping = realm.admin().clients().findByClientId(PING_CLIENT).get(0).getId();
        realm.admin().users().get(realm.admin().clients().get(ping).getServiceAccountUser().getId()).roles().realmLevel()
                .add(List.of(realm.admin().roles().get("nordic-sca-call-centre").toRepresentation()));
    }

    private String serviceAccountToken(String clientId) {
        HttpResponse<String> answer = post("/protocol/openid-connect/token", Map.of("client_id", clientId, "client_secret", SECRET,
                "grant_type", "client_credentials"));
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) json(answer.body()).get("access_token");
    }

    private static synchronized Notifications notifications() {
        if (notifications == null) {
            notifications = new Notifications();
        }
        return notifications;
    }

    /** The ping client's notification endpoint: records what Keycloak POSTs. */
    private static final class Notifications {
        final HttpServer server;
        final BlockingQueue<Notification> calls = new LinkedBlockingQueue<>();

        Notifications() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/ciba-notify", exchange -> {
                calls.add(new Notification(exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ciba-notify";
        }
    }

    private record Notification(String authorization, String body) {
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    private static Challenge onlyPending(DeviceClient phone) {
        List<Challenge> pending = phone.pending();
        assertEquals(1, pending.size(), "one request waits for the phone: " + pending);
        return pending.get(0);
    }

    private HttpResponse<String> start(String clientId, Map<String, String> parameters) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", clientId, "client_secret", SECRET, "scope", "openid"));
        form.putAll(parameters);
        return post(CIBA_AUTH, form);
    }

    private String startOk(String clientId, Map<String, String> parameters) {
        HttpResponse<String> started = start(clientId, parameters);
        assertEquals(200, started.statusCode(), started.body());
        return started.body();
    }

    /** The token endpoint's answer, "status body". */
    private String token(String clientId, String authReqId) {
        HttpResponse<String> answer = post("/protocol/openid-connect/token", Map.of("client_id", clientId, "client_secret", SECRET,
                "grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", authReqId));
        return answer.statusCode() + " " + answer.body();
    }

    private String tokenOk(String clientId, String authReqId) {
        String answer = token(clientId, authReqId);
        assertTrue(answer.startsWith("200 "), answer);
        return answer.substring(4);
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        try {
            return JsonSerialization.readValue(text, Map.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Map<String, Object> claims(String jwt) {
        assertNotNull(jwt);
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void pingAUsedUpPushLimitDeniesWithoutTellingTheClientBeforeItHasTheAuthReqId() throws InterruptedException {
        AppCustomers.Enrolled hanna = customer("ciba-hanna");
        Notifications endpoint = notifications();
        String pushed;
        String overLimit;
        DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of("pushesPerWindow", "1"));
        try {
            pushed = (String) json(startOk(PING_CLIENT, Map.of("login_hint", "ciba-hanna", "binding_message", "F-1",
                    "client_notification_token", "notify-frida-0123456789"))).get("auth_req_id");
            overLimit = (String) json(startOk(PING_CLIENT, Map.of("login_hint", "ciba-hanna", "binding_message", "F-2",
                    "client_notification_token", "notify-frida-0123456789"))).get("auth_req_id");
        } finally {
            DemoRealm.configureStep(realm.admin(), "nordic-sca-app-approval", Map.of());
        }
        // Denied at the request's commit: a notification then would have reached the client before its auth_req_id did.
        long quiet = System.nanoTime() + Duration.ofMillis(2100).toNanos(); // also the realm's polling interval
        for (Notification call; (call = endpoint.calls.poll(Math.max(1, quiet - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            assertNotEquals(Map.of("auth_req_id", overLimit), json(call.body()), "no notification for the request over the limit");
        }
        assertTrue(token(PING_CLIENT, overLimit).contains("\"error\":\"access_denied\""), "its next token call: like a customer who declined");

        assertEquals(Answer.APPROVED, hanna.phone().approve(onlyPending(hanna.phone()), "F-1").result(),
                "nothing was pushed for it, and the request before it still waits");
        Notification call = endpoint.calls.poll(10, TimeUnit.SECONDS);
        assertNotNull(call, "an answered request is still told");
        assertEquals(Map.of("auth_req_id", pushed), json(call.body()));
        assertTrue(token(PING_CLIENT, pushed).startsWith("200 "));
    }
}
