package io.nordicsca.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call-centre API's SMS codes for the phone keypad, against the demo realm: a call-centre system
 * (a confidential client made here, with a secret, a service account and the realm role
 * nordic-sca-call-centre) sends a code to the customer's number on file through the real twilio-java
 * client to the Twilio stand-in, and checks what the caller typed. Wrong codes count towards the SMS
 * factor's lock, the answer never says whether a name is a customer's, and only call-centre systems
 * may call.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class KeypadSmsTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String ROLE = "nordic-sca-call-centre";
    /** Keycloak's quick-login check (1 s in the demo realm) treats faster wrong answers as an attack. */
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void aCodeGoesToTheNumberOnFileInTheCustomersLanguageAndTheRightCodeIdentifiesTheCustomerOnce() throws Exception {
        String number = "+46701140001";
        String userId = Customers.addWithPhone(realm, "kp-right", PASSWORD, "070-114 00 01");
        UserRepresentation customer = realm.admin().users().get(userId).toRepresentation();
        customer.singleAttribute("locale", "sv");
        realm.admin().users().get(userId).update(customer);
        String agent = callCentre("kp-agent-right", true);

        HttpResponse<String> sent = send(agent, "{\"customer\": \"kp-right\"}");
        assertEquals(202, sent.statusCode(), sent.body());
        Map<String, Object> answer = json(sent);
        assertEquals("sent", answer.get("status"));
        assertEquals(300, ((Number) answer.get("expiresIn")).intValue(), "the SMS step's validity");
        String requestId = (String) answer.get("requestId");

        List<TwilioStandIn.Sms> sms = sms(number, 1);
        assertEquals(1, sms.size(), "one SMS to the number on file");
        String code = sms.get(0).code();
        assertEquals(6, code.length(), "the SMS step's digits");
        assertEquals(ThemeMessages.of("sv").text("smsKeypadText", "Nordic Bank", code, 5), sms.get(0).body(),
                "the keypad text in the customer's language, the code first");
        assertTrue(sms.get(0).body().length() <= 70, "one SMS segment: " + sms.get(0).body());

        String otherAgent = callCentre("kp-agent-other", true);
        assertEquals(Map.of("result", "expired"), json(check(otherAgent, requestId, code)), "another client's request reads as expired");

        Map<String, Object> confirmed = json(check(agent, requestId, code));
        assertEquals("confirmed", confirmed.get("result"), confirmed.toString());
        assertEquals(Map.of("sub", userId, "username", "kp-right", "name", "Kari Nordmann"), confirmed.get("customer"));
        assertEquals(Map.of("result", "expired"), json(check(agent, requestId, code)), "a code identifies once");
    }

    @Test
    void wrongCodesCountTowardsTheSmsLockAndOnceLockedNoSmsGoesOutThoughTheAnswerStaysTheSame() throws Exception {
        String number = "+46701140002";
        String userId = Customers.addWithPhone(realm, "kp-wrong", PASSWORD, number);
        String agent = callCentre("kp-agent-wrong", true);

        String requestId = requestId(send(agent, "{\"customer\": \"kp-wrong\"}"));
        String code = sms(number, 1).get(0).code();
        for (int left = 2; left >= 0; left--) {
            assertEquals(Map.of("result", "wrong", "attemptsLeft", left), json(check(agent, requestId, wrong(code))));
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
        assertEquals(Map.of("result", "expired"), json(check(agent, requestId, code)), "the SMS step's 3 tries per code, then used up");
        assertEquals(3, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 3)),
                "each wrong code counted as a failed login; the refused right one did not");
        assertEquals(3, ((Number) LockoutDesk.factor(desk().view(userId), "sms").get("failures")).intValue(), "and on the SMS factor");

        String second = requestId(send(agent, "{\"customer\": \"kp-wrong\"}"));
        String secondCode = sms(number, 2).get(1).code();
        assertEquals(Map.of("result", "wrong", "attemptsLeft", 2), json(check(agent, second, wrong(secondCode))));
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        assertEquals(Map.of("result", "wrong", "attemptsLeft", 1), json(check(agent, second, wrong(secondCode))));
        Map<String, Object> sms = LockoutDesk.factor(desk().view(userId), "sms");
        assertEquals("TEMPORARY", sms.get("state"), "the fifth wrong code locks SMS for a while, as in a sign-in: " + sms);
        assertEquals(5, ((Number) sms.get("failures")).intValue());
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        assertEquals(Map.of("result", "wrong", "attemptsLeft", 0), json(check(agent, second, secondCode)),
                "the right code of a locked customer reads as a wrong one");
        assertEquals(5, ((Number) LockoutDesk.factor(desk().view(userId), "sms").get("failures")).intValue(), "and counts nothing");

        HttpResponse<String> whileLocked = send(agent, "{\"customer\": \"kp-wrong\"}");
        assertEquals(202, whileLocked.statusCode(), "a locked customer gets the same answer: " + whileLocked.body());
        assertEquals(List.of("expiresIn", "requestId", "status"), json(whileLocked).keySet().stream().sorted().toList());
        assertEquals(2, smsSettled(number).size(), "but no SMS");
    }

    @Test
    void anUnknownOrDisabledCustomerGetsTheSameAnswersAndNoSms() throws Exception {
        String disabledNumber = "+46701140003";
        String disabledId = Customers.addWithPhone(realm, "kp-disabled", PASSWORD, disabledNumber);
        UserRepresentation disabled = realm.admin().users().get(disabledId).toRepresentation();
        disabled.setEnabled(false);
        realm.admin().users().get(disabledId).update(disabled);
        String agent = callCentre("kp-agent-unknown", true);

        for (String name : List.of("kp-nobody-4711", "kp-disabled")) {
            HttpResponse<String> sent = send(agent, "{\"customer\": \"" + name + "\"}");
            assertEquals(202, sent.statusCode(), sent.body());
            Map<String, Object> answer = json(sent);
            assertEquals("sent", answer.get("status"));
            assertEquals(300, ((Number) answer.get("expiresIn")).intValue());
            String requestId = (String) answer.get("requestId");
            assertEquals(32, requestId.length(), "a request id like any other");
            for (int left = 2; left >= 0; left--) {
                assertEquals(Map.of("result", "wrong", "attemptsLeft", left), json(check(agent, requestId, "123456")),
                        name + ": the same countdown as a customer's wrong code");
            }
            assertEquals(Map.of("result", "expired"), json(check(agent, requestId, "123456")));
        }
        assertTrue(smsSettled(disabledNumber).isEmpty(), "no SMS to a disabled customer");

        // The one limit a caller is told about is kept for every name alike: 5 per name within 10 minutes.
        String number = "+46701140004";
        Customers.addWithPhone(realm, "kp-limit", PASSWORD, number);
        for (String name : List.of("kp-nobody-limit", "kp-limit")) {
            for (int i = 0; i < 5; i++) {
                assertEquals(202, send(agent, "{\"customer\": \"" + name + "\"}").statusCode());
            }
            HttpResponse<String> tooMany = send(agent, "{\"customer\": \"" + name + "\"}");
            assertEquals(429, tooMany.statusCode(), tooMany.body());
            assertEquals("too_many_codes", json(tooMany).get("error"));
            assertTrue(((Number) json(tooMany).get("retryAfter")).intValue() > 0, tooMany.body());
            assertTrue(tooMany.headers().firstValue("Retry-After").isPresent());
        }
        sms(number, 5);
        assertEquals(5, smsSettled(number).size(), "the customer got the 5 codes the count allows");
    }

    @Test
    void aBurstOfWrongCodesIsLookedAtNoMoreOftenThanTheRequestAllows() throws Exception {
        String number = "+46701140005";
        String userId = Customers.addWithPhone(realm, "kp-burst", PASSWORD, number);
        String agent = callCentre("kp-agent-burst", true);
        String requestId = requestId(send(agent, "{\"customer\": \"kp-burst\"}"));
        String wrong = wrong(sms(number, 1).get(0).code());

        ExecutorService hands = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                answers.add(hands.submit(() -> {
                    go.await();
                    return check(agent, requestId, wrong);
                }));
            }
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(200, response.statusCode(), response.body());
                Map<String, Object> result = json(response);
                results.add(result.get("result"));
                if ("wrong".equals(result.get("result"))) {
                    int left = ((Number) result.get("attemptsLeft")).intValue();
                    // A request for nobody answers 2, 1, 0: a check lockout left unseen (another in flight) must too.
                    assertTrue(left >= 0 && left <= 2, "a countdown a request for nobody could give: " + result);
                }
            }
            assertTrue(List.of("wrong", "expired").containsAll(results), results.toString());
        } finally {
            hands.shutdownNow();
        }
        AttackDetection.awaitFailures(realm, userId, 1);
        Thread.sleep(1500); // Keycloak records failures after the response: time for any others to land
        int failures = AttackDetection.failures(AttackDetection.status(realm, userId));
        assertTrue(failures >= 1 && failures <= 3, "at most the request's 3 tries were looked at and counted, not 20: " + failures);
        int smsFailures = ((Number) LockoutDesk.factor(desk().view(userId), "sms").get("failures")).intValue();
        assertTrue(smsFailures >= 1 && smsFailures <= 3, "the SMS factor's count: " + smsFailures);
    }

    @Test
    void theAnswerNeverWaitsForTheSmsProviderAndASendThatFailsLaterIsItsOwnEvent() throws Exception {
        String number = "+46701140007";
        String userId = Customers.addWithPhone(realm, "kp-slow", PASSWORD, number);
        String agent = callCentre("kp-agent-slow", true);
        // Twilio answers after the sender has given up: before, the 202 of a customer who gets a code took that long.
        TWILIO.answer(number, TwilioStandIn.Reply.after(Duration.ofMillis(NordicScaServerConfig.TWILIO_TIMEOUT_MS + 2500)));
        try {
            long start = System.nanoTime();
            HttpResponse<String> sent = send(agent, "{\"customer\": \"kp-slow\"}");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            String requestId = requestId(sent);
            assertTrue(tookMillis < NordicScaServerConfig.TWILIO_TIMEOUT_MS,
                    "the 202 came before the SMS provider answered or timed out: " + tookMillis + " ms");

            List<TwilioStandIn.Sms> sms = sms(number, 1);
            assertEquals(1, sms.size(), "the SMS went out after the answer");
            EventRepresentation failed = awaitEvent(userId, "sms_provider_timeout");
            assertEquals(requestId, failed.getDetails().get("keypad_request"), "the event names the request");
            assertEquals("+46•••••••07", failed.getDetails().get("sms_to"), "and the number, masked");
            assertEquals("sent", failed.getDetails().get("sms_action"));
            assertEquals("kp-agent-slow", failed.getClientId());
            assertEquals(Map.of("result", "wrong", "attemptsLeft", 2), json(check(agent, requestId, wrong(sms.get(0).code()))),
                    "the request stays, with a code nobody received");
        } finally {
            TWILIO.answerNormally(number);
        }
    }

    @Test
    void onlyACallCentreSystemMayCall() throws Exception {
        String body = "{\"customer\": \"kp-nobody\"}";
        HttpResponse<String> noToken = post("keypad-codes", null, "application/json", body);
        assertEquals(401, noToken.statusCode());
        assertEquals("invalid_token", json(noToken).get("error"));
        assertEquals("invalid_token", json(send("not.a.token", body)).get("error"));

        HttpResponse<String> withoutRole = send(callCentre("kp-agent-no-role", false), body);
        assertEquals(403, withoutRole.statusCode(), withoutRole.body());
        assertEquals("access_denied", json(withoutRole).get("error"));

        // A customer's own access token, from the bank's public web client after a full sign-in.
        String number = "+46701140006";
        Customers.addWithPhone(realm, "kp-customer", PASSWORD, number);
        OidcClient web = OidcClient.demo(realm.getBaseUrl());
        Page codePage = PasswordStep.signIn(new Browser(urls.getBase()), web, "kp-customer", PASSWORD);
        Page signedIn = SmsStep.answer(codePage, TWILIO.sentTo(number).get(0).code());
        String customerToken = web.exchange(signedIn.redirectedAwayTo()).response().getToken();
        assertNotNull(customerToken);
        HttpResponse<String> customer = send(customerToken, body);
        assertEquals(403, customer.statusCode(), customer.body());
        assertEquals("access_denied", json(customer).get("error"));
        assertEquals(403, check(customerToken, "any", "123456").statusCode());
        assertEquals(403, post("ciba/event-id", customerToken, "application/x-www-form-urlencoded", "auth_req_id=x").statusCode());
        assertEquals(1, TWILIO.sentTo(number).size(), "only the sign-in's SMS");
    }

    @Test
    void malformedRequestsAre400JsonErrorsNever500() throws Exception {
        String agent = callCentre("kp-agent-bad", true);
        for (String body : List.of("", "customer=kp-right", "[]", "{}", "{\"customer\": 1}", "{\"customer\": \"\"}",
                "{\"customer\": \"" + "x".repeat(200) + "\"}", "{\"customer\": ")) {
            HttpResponse<String> refused = send(agent, body);
            assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
            assertEquals("invalid_request", json(refused).get("error"), body);
        }
        String requestId = requestId(send(agent, "{\"customer\": \"kp-nobody-bad\"}"));
        for (String body : List.of("{}", "{\"code\": 123456}", "{\"code\": \"12ab56\"}", "{\"code\": \"1234\"}", "nonsense")) {
            HttpResponse<String> refused = check(agent, requestId, null, body);
            assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
            assertEquals("invalid_request", json(refused).get("error"), body);
        }
        assertEquals(Map.of("result", "wrong", "attemptsLeft", 2), json(check(agent, requestId, "123 456")),
                "malformed codes took no try; spaces are allowed");
        assertEquals(Map.of("result", "expired"), json(check(agent, "no-such-request", "123456")));

        HttpResponse<String> noRequest = post("ciba/event-id", agent, "application/x-www-form-urlencoded", "");
        assertEquals(400, noRequest.statusCode(), noRequest.body());
        HttpResponse<String> unknown = post("ciba/event-id", agent, "application/x-www-form-urlencoded", "auth_req_id=no-such-request");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("unknown_request", json(unknown).get("error"));
    }

    @Test
    void aCodeThatExpiredWhileTheSmsProviderHungIsNotSentButRecorded() throws Exception {
        String slowNumber = "+46701140008";
        String number = "+46701140009";
        Customers.addWithPhone(realm, "kp-hung", PASSWORD, slowNumber);
        String userId = Customers.addWithPhone(realm, "kp-late", PASSWORD, number);
        String agent = callCentre("kp-agent-late", true);
        // Keycloak's executor for these sends has 4 threads by default. Each send to the hanging number holds one until the
        // sender gives up (TWILIO_TIMEOUT_MS): 24 of them keep the next send waiting about 9 s, which leaves its 10 s code
        // less than the 5 s the server wants left for reading and typing it.
        int hung = 24;
        TWILIO.answer(slowNumber, TwilioStandIn.Reply.after(Duration.ofMillis(NordicScaServerConfig.TWILIO_TIMEOUT_MS + 2500)));
        DemoRealm.configureStep(realm.admin(), "nordic-sca-sms-otp", Map.of("validSeconds", "10", "sendsPerUser", "50"));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < hung; i++) {
                slow.add(callers.submit(() -> send(agent, "{\"customer\": \"kp-hung\"}")));
            }
            for (Future<HttpResponse<String>> sent : slow) {
                assertEquals(10, ((Number) json(sent.get()).get("expiresIn")).intValue(), "the SMS step's validity for this test");
            }
            long start = System.nanoTime();
            String requestId = requestId(send(agent, "{\"customer\": \"kp-late\"}"));
            assertTrue((System.nanoTime() - start) / 1_000_000 < NordicScaServerConfig.TWILIO_TIMEOUT_MS, "the 202 waits for no SMS");

            EventRepresentation dropped = awaitEvent(userId, "sms_send_backlog");
            assertEquals("code_expired", dropped.getDetails().get("reason"));
            assertEquals(requestId, dropped.getDetails().get("keypad_request"), "the event names the request");
            assertEquals("+46•••••••09", dropped.getDetails().get("sms_to"), "and the number, masked");
            assertEquals("kp-agent-late", dropped.getClientId());
            assertEquals(List.of(), smsSettled(number), "no SMS with a code that can no longer be typed");
            assertTrue(TWILIO.sentTo(slowNumber).size() >= hung / 2, "the hanging provider was asked meanwhile");
        } finally {
            callers.shutdownNow();
            DemoRealm.configureStep(realm.admin(), "nordic-sca-sms-otp", Map.of());
            TWILIO.answerNormally(slowNumber);
        }
    }

    // --- the call-centre system -------------------------------------------------------------------------------

    /** A confidential client with a secret and a service account (with the role, or without), and its client-credentials token. */
    private String callCentre(String clientId, boolean withRole) {
        String secret = clientId + "-secret-" + Long.toHexString(System.nanoTime());
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        String id;
        try (Response created = realm.admin().clients().create(client)) {
            assertEquals(201, created.getStatus(), "creating " + clientId);
            id = created.getLocation().getPath().replaceAll(".*/", "");
        }
        realm.cleanup().add(cleanup -> cleanup.clients().get(id).remove());
        if (withRole) {
            String account = realm.admin().clients().get(id).getServiceAccountUser().getId();
            realm.admin().users().get(account).roles().realmLevel().add(List.of(realm.admin().roles().get(ROLE).toRepresentation()));
        }
        HttpResponse<String> token = http(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8))).build());
        Object accessToken = json(token).get("access_token");
        assertTrue(accessToken instanceof String, token.body());
        return (String) accessToken;
    }

    private HttpResponse<String> send(String token, String body) {
        return post("keypad-codes", token, "application/json", body);
    }

    private HttpResponse<String> check(String token, String requestId, String code) {
        return check(token, requestId, code, null);
    }

    private HttpResponse<String> check(String token, String requestId, String code, String body) {
        return post("keypad-codes/" + requestId + "/check", token, "application/json", body != null ? body : "{\"code\": \"" + code + "\"}");
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/nordic-sca-call-centre/" + path))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http(request.build());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                path + " answers JSON: " + response.statusCode() + " " + response.body());
        return response;
    }

    private static String requestId(HttpResponse<String> sent) {
        assertEquals(202, sent.statusCode(), sent.body());
        return (String) json(sent).get("requestId");
    }

    /** The SMS Twilio got for {@code number}, once there are {@code count}: they go out after the 202. */
    private static List<TwilioStandIn.Sms> sms(String number, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (TWILIO.sentTo(number).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<TwilioStandIn.Sms> sms = TWILIO.sentTo(number);
        assertTrue(sms.size() >= count, "expected " + count + " SMS to " + number + ", got " + sms.size());
        return sms;
    }

    /** The SMS Twilio got for {@code number}, after the time any SMS of the requests made so far would take to go out. */
    private static List<TwilioStandIn.Sms> smsSettled(String number) throws InterruptedException {
        Thread.sleep(2000);
        return TWILIO.sentTo(number);
    }

    /** The customer's LOGIN_ERROR event with this error; a send that fails after the answer records it a little later. */
    private EventRepresentation awaitEvent(String userId, String error) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        do {
            Optional<EventRepresentation> event = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50).stream()
                    .filter(e -> error.equals(e.getError())).findFirst();
            if (event.isPresent()) {
                return event.get();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no LOGIN_ERROR event " + error + " for " + userId);
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    /** A code of the same form that is not {@code code}. */
    private static String wrong(String code) {
        String wrong = code.substring(0, code.length() - 1) + (code.charAt(code.length() - 1) == '0' ? '1' : '0');
        assertNotEquals(code, wrong);
        return wrong;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JsonSerialization.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static HttpResponse<String> http(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
