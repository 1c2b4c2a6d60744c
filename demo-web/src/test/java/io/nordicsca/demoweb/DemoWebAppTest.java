package io.nordicsca.demoweb;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web app over HTTP as a browser uses it, against a stand-in realm ({@link FakeRealm}). */
class DemoWebAppTest {

    private FakeRealm realm;
    private DemoWebApp app;
    private Config config;
    private MovableClock clock;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws IOException {
        realm = new FakeRealm();
        config = new Config(realm.issuer, "nordic-bank-web", freePort());
        clock = new MovableClock(Instant.now());
        app = DemoWebApp.start(config, clock);
    }

    @AfterEach
    void stop() {
        app.close();
        realm.close();
    }

    @Test
    void theStartPageSpeaksTheBrowsersLanguageUntilAnotherIsChosen() throws Exception {
        HttpResponse<String> first = get("/", Map.of("Accept-Language", "sv-SE,sv;q=0.9"));
        assertEquals(200, first.statusCode());
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        Document page = Jsoup.parse(first.body());
        assertEquals("sv", page.select("html").attr("lang"));
        assertEquals("Logga in", page.getElementById("sign-in").text());
        assertEquals(6, page.select("nav.languages a").size());

        assertEquals("nn", Jsoup.parse(get("/?lang=nn", Map.of("Accept-Language", "sv")).body()).select("html").attr("lang"));
        Document remembered = Jsoup.parse(get("/", Map.of("Accept-Language", "sv")).body());
        assertEquals("nn", remembered.select("html").attr("lang"), "the chosen language stays for the session");
        assertEquals(Messages.of("nn").text("signIn.button"), remembered.getElementById("sign-in").text());
    }

    @Test
    void signInSendsPkceStateNonceAndTheLevelThenShowsWhatItChecked() throws Exception {
        URI authorization = redirect(post("/signin", formToken("/?lang=da")));
        assertTrue(authorization.toString().startsWith(realm.issuer + "/protocol/openid-connect/auth?"), authorization.toString());
        Map<String, String> sent = Forms.decode(authorization.getRawQuery());
        assertEquals("nordic-bank-web", sent.get("client_id"));
        assertEquals(config.redirectUri(), sent.get("redirect_uri"));
        assertEquals("code", sent.get("response_type"));
        assertEquals("openid", sent.get("scope"));
        assertEquals("S256", sent.get("code_challenge_method"));
        assertEquals("urn:nordic-sca:loa:sca", sent.get("acr_values"));
        assertEquals("da", sent.get("ui_locales"));
        assertNotNull(sent.get("state"));
        assertNotNull(sent.get("nonce"));

        long now = Instant.now().getEpochSecond();
        realm.tokenAnswer = tokenResponse(realm.keys.sign(TestTokens.claims(realm.issuer, "nordic-bank-web", sent.get("nonce"), now)), null);
        HttpResponse<String> back = get("/callback?code=the-code&state=" + sent.get("state") + "&iss=" + realm.issuer, Map.of());
        assertEquals(303, back.statusCode(), back.body());
        assertEquals("/", back.headers().firstValue("Location").orElseThrow());

        Map<String, String> exchange = realm.tokenRequests.get(0);
        assertEquals("authorization_code", exchange.get("grant_type"));
        assertEquals("the-code", exchange.get("code"));
        assertEquals(sent.get("code_challenge"), s256(exchange.get("code_verifier")), "the verifier matches the challenge");

        Document page = Jsoup.parse(get("/", Map.of()).body());
        var signedIn = page.getElementById("signed-in");
        assertNotNull(signedIn, page.body().text());
        assertEquals("Kari Nordmann", signedIn.selectFirst("dd.name").text());
        assertEquals("kari", signedIn.selectFirst("dd.username").text());
        assertTrue(signedIn.selectFirst("dd.acr").text().startsWith("urn:nordic-sca:loa:sca"));
        assertEquals(List.of("pwd", "sms"), signedIn.select("dd.amr code").eachText());
        assertEquals(Instant.ofEpochSecond(now - 5).toString(), signedIn.selectFirst("dd.auth-time time").attr("datetime"));
        assertEquals(Messages.of("da").text("check.nonce"), signedIn.select("ul.checks li").get(5).text());
        assertEquals(7, signedIn.select("ul.checks li").size());

        HttpResponse<String> replay = get("/callback?code=the-code&state=" + sent.get("state"), Map.of());
        assertEquals(400, replay.statusCode(), "an answer is used once");
        assertEquals(Messages.of("da").text("error.state"), Jsoup.parse(replay.body()).getElementById("error-explanation").text());
    }

    @Test
    void aTokenForAnotherClientOrWithAForeignSignatureIsRefused() throws Exception {
        Map<String, String> sent = Forms.decode(redirect(post("/signin", formToken("/"))).getRawQuery());
        long now = Instant.now().getEpochSecond();
        realm.tokenAnswer = tokenResponse(realm.keys.sign(TestTokens.claims(realm.issuer, "another-app", sent.get("nonce"), now)), null);
        HttpResponse<String> refused = get("/callback?code=c&state=" + sent.get("state"), Map.of());
        assertEquals(400, refused.statusCode());
        assertEquals(Messages.of("en").text("refused.audience"), Jsoup.parse(refused.body()).getElementById("error-explanation").text());

        sent = Forms.decode(redirect(post("/signin", formToken("/"))).getRawQuery());
        TestTokens forger = new TestTokens(realm.keys.kid);
        realm.tokenAnswer = tokenResponse(forger.sign(TestTokens.claims(realm.issuer, "nordic-bank-web", sent.get("nonce"), now)), null);
        refused = get("/callback?code=c&state=" + sent.get("state"), Map.of());
        assertEquals(400, refused.statusCode());
        assertEquals(Messages.of("en").text("refused.signature"), Jsoup.parse(refused.body()).getElementById("error-explanation").text());

        assertNull(Jsoup.parse(get("/", Map.of()).body()).getElementById("signed-in"), "nobody is signed in");
    }

    @Test
    void aLowerLevelThanAskedForIsRefused() throws Exception {
        Map<String, String> sent = Forms.decode(redirect(post("/signin", formToken("/"))).getRawQuery());
        Map<String, Object> claims = new HashMap<>(TestTokens.claims(realm.issuer, "nordic-bank-web", sent.get("nonce"), Instant.now().getEpochSecond()));
        claims.put("acr", "urn:nordic-sca:loa:password");
        realm.tokenAnswer = tokenResponse(realm.keys.sign(claims), null);
        HttpResponse<String> refused = get("/callback?code=c&state=" + sent.get("state"), Map.of());
        assertEquals(Messages.of("en").text("refused.level"), Jsoup.parse(refused.body()).getElementById("error-explanation").text());
    }

    @Test
    void thePaymentGoesThroughParAndTheApprovedDetailsAreShown() throws Exception {
        URI authorization = redirect(post("/pay", formToken("/?lang=fi")));
        Map<String, String> pushed = realm.parRequests.get(0);
        assertEquals(DemoPayment.authorizationDetails(), pushed.get("authorization_details"));
        assertEquals("urn:nordic-sca:loa:sca-linked", pushed.get("acr_values"));
        assertEquals("S256", pushed.get("code_challenge_method"));
        assertEquals("fi", pushed.get("ui_locales"));
        Map<String, String> query = Forms.decode(authorization.getRawQuery());
        assertEquals(Map.of("client_id", "nordic-bank-web", "request_uri", "urn:ietf:params:oauth:request_uri:fake-1", "kc_locale", "fi"), query,
                "the payment itself never travels in the browser's URL");

        Map<String, Object> claims = new HashMap<>(TestTokens.claims(realm.issuer, "nordic-bank-web", pushed.get("nonce"), Instant.now().getEpochSecond()));
        claims.put("acr", "urn:nordic-sca:loa:sca-linked");
        claims.put("amr", List.of("pwd", "swk"));
        realm.tokenAnswer = tokenResponse(realm.keys.sign(claims), DemoPayment.authorizationDetails());
        assertEquals(303, get("/callback?code=c&state=" + pushed.get("state"), Map.of()).statusCode());

        Document page = Jsoup.parse(get("/", Map.of()).body());
        var approved = page.getElementById("payment-approved");
        assertNotNull(approved, page.body().text());
        assertTrue(approved.getElementById("authorization-details").text().contains("\"creditorName\" : \"Nordic Power Oy\""));
        assertEquals(Messages.of("fi").text("check.payment"), approved.select("ul.checks li").last().text());
    }

    @Test
    void anApprovalOfAnotherPaymentIsRefused() throws Exception {
        redirect(post("/pay", formToken("/")));
        Map<String, String> pushed = realm.parRequests.get(0);
        Map<String, Object> claims = new HashMap<>(TestTokens.claims(realm.issuer, "nordic-bank-web", pushed.get("nonce"), Instant.now().getEpochSecond()));
        claims.put("acr", "urn:nordic-sca:loa:sca-linked");
        realm.tokenAnswer = tokenResponse(realm.keys.sign(claims), DemoPayment.authorizationDetails().replace("1250.00", "9250.00"));
        HttpResponse<String> refused = get("/callback?code=c&state=" + pushed.get("state"), Map.of());
        assertEquals(Messages.of("en").text("refused.payment"), Jsoup.parse(refused.body()).getElementById("error-explanation").text());
        assertNull(Jsoup.parse(get("/", Map.of()).body()).getElementById("payment-approved"));
    }

    @Test
    void keycloaksErrorsAreShownAsSentAndEscaped() throws Exception {
        realm.parStatus = 400;
        realm.parAnswer = "{\"error\":\"invalid_request\",\"error_description\":\"creditorAccount.iban: not an IBAN <b>\"}";
        HttpResponse<String> parRefused = post("/pay", formToken("/?lang=sv"));
        assertEquals(400, parRefused.statusCode());
        Document page = Jsoup.parse(parRefused.body());
        assertEquals(Messages.of("sv").text("error.heading"), page.selectFirst("h1").text());
        assertEquals("invalid_request", page.getElementById("error-code").text());
        assertEquals("creditorAccount.iban: not an IBAN <b>", page.getElementById("error-description").text());
        assertFalse(parRefused.body().contains("<b>"), "Keycloak's text is escaped");

        Map<String, String> sent = Forms.decode(redirect(post("/signin", formToken("/"))).getRawQuery());
        HttpResponse<String> denied = get("/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state="
                + sent.get("state"), Map.of());
        assertEquals(400, denied.statusCode());
        assertEquals("access_denied", Jsoup.parse(denied.body()).getElementById("error-code").text());
        assertFalse(denied.body().contains("<script>"));
        assertTrue(realm.tokenRequests.isEmpty(), "no code exchange after an error");
    }

    @Test
    void formsOfOtherSitesAreRefused() throws Exception {
        get("/", Map.of());
        assertEquals(403, post("/signin", Map.of("form_token", "guess")).statusCode());
        assertEquals(403, post("/pay", Map.of()).statusCode());
        assertTrue(realm.parRequests.isEmpty());
        assertEquals(405, get("/signin", Map.of()).statusCode());
        assertEquals(404, get("/admin", Map.of()).statusCode());
    }

    @Test
    void theCallCentreSendsACibaRequestWithTheEventIdAndShowsTheIdentifiedCustomer() throws Exception {
        assertEquals("/call-centre", Jsoup.parse(get("/", Map.of()).body()).getElementById("call-centre").attr("href"), "linked from the start page");
        Map<String, String> form = new HashMap<>(formToken("/call-centre?lang=fi"));
        form.put("user_code", "  dana  ");
        String status = redirect(post("/call-centre/identify", form)).toString();
        assertTrue(status.startsWith("/call-centre?id="), status);

        Map<String, String> sent = realm.cibaRequests.get(0);
        assertEquals("openid", sent.get("scope"));
        assertEquals("dana", sent.get("login_hint"));
        assertTrue(sent.get("binding_message").matches("[ACDEFHJKMNPQRTUVWXY3479]{4}"), sent.get("binding_message"));
        assertEquals(Messages.of("fi").text("callCentre.purpose"), sent.get("purpose"));
        assertClientAuthentication(sent);

        Document waiting = Jsoup.parse(get(status, Map.of()).body());
        assertEquals(sent.get("binding_message"), waiting.getElementById("event-id").text(), "the agent reads out what the app shows");
        assertEquals(Messages.of("fi").text("callCentre.readOut", sent.get("binding_message")), waiting.selectFirst("p.read-out").text());
        assertEquals(String.valueOf(Pages.CALL_CENTRE_REFRESH_SECONDS), waiting.selectFirst("meta[http-equiv=refresh]").attr("content"));
        assertTrue(realm.tokenRequests.isEmpty(), "the token endpoint is not asked before the interval (2 s) has passed");

        clock.advance(Duration.ofSeconds(2));
        realm.tokenStatus = 400;
        realm.tokenAnswer = "{\"error\":\"authorization_pending\"}";
        assertNotNull(Jsoup.parse(get(status, Map.of()).body()).getElementById("event-id"));
        assertEquals(1, realm.tokenRequests.size());
        Map<String, String> poll = realm.tokenRequests.get(0);
        assertEquals("urn:openid:params:grant-type:ciba", poll.get("grant_type"));
        assertEquals("fake-auth-req-1", poll.get("auth_req_id"));
        assertClientAuthentication(poll);
        get(status, Map.of());
        assertEquals(1, realm.tokenRequests.size(), "a reload within the interval asks nothing");

        clock.advance(Duration.ofSeconds(2));
        realm.tokenStatus = 200;
        realm.tokenAnswer = tokenResponse(realm.keys.sign(cibaClaims(Config.CALL_CENTRE_CLIENT_ID, CallCentre.APP_ACR)), null);
        Document done = Jsoup.parse(get(status, Map.of()).body());
        var identified = done.getElementById("identified");
        assertNotNull(identified, done.body().text());
        assertEquals(Messages.of("fi").text("callCentre.identified", "Kari Nordmann"), identified.selectFirst("h2").text());
        assertEquals("urn:nordic-sca:loa:app", identified.selectFirst("dd.acr code").text());
        assertEquals(List.of("swk"), identified.select("dd.amr code").eachText());
        assertEquals(Instant.ofEpochSecond(clock.instant().getEpochSecond() - 5).toString(), identified.selectFirst("dd.auth-time time").attr("datetime"));
        assertTrue(identified.select("ul.checks li").eachText().contains(Messages.of("fi").text("check.audience", Config.CALL_CENTRE_CLIENT_ID)));
        assertTrue(done.select("meta[http-equiv=refresh]").isEmpty(), "no more reloading");
        get(status, Map.of());
        assertEquals(2, realm.tokenRequests.size(), "nothing is asked once identified");
    }

    @Test
    void slowDownMakesEveryLaterPollWaitFiveSecondsLonger() throws Exception {
        String status = startIdentification("dana");
        clock.advance(Duration.ofSeconds(2));
        realm.tokenStatus = 400;
        realm.tokenAnswer = "{\"error\":\"slow_down\"}";
        get(status, Map.of());
        assertEquals(1, realm.tokenRequests.size());
        realm.tokenAnswer = "{\"error\":\"authorization_pending\"}";
        clock.advance(Duration.ofSeconds(6));
        get(status, Map.of());
        assertEquals(1, realm.tokenRequests.size(), "the interval is now 7 s");
        clock.advance(Duration.ofSeconds(1));
        get(status, Map.of());
        assertEquals(2, realm.tokenRequests.size());
        clock.advance(Duration.ofSeconds(6));
        get(status, Map.of());
        assertEquals(2, realm.tokenRequests.size(), "and stays 7 s");
    }

    @Test
    void refusalDenialAndExpiryAreSaidInWords() throws Exception {
        realm.cibaStatus = 400;
        realm.cibaAnswer = "{\"error\":\"access_denied\",\"error_description\":\"the customer cannot be asked in the app\"}";
        Document refused = Jsoup.parse(get(startIdentification("nobody"), Map.of()).body());
        assertEquals(Messages.of("en").text("callCentre.refused"), refused.getElementById("call-outcome").text());
        assertNull(refused.getElementById("event-id"), "no event ID to read out: nobody is asked");
        assertTrue(realm.tokenRequests.isEmpty());

        realm.cibaStatus = 200;
        realm.cibaAnswer = "{\"auth_req_id\":\"fake-auth-req-2\",\"expires_in\":120,\"interval\":2}";
        assertEquals(Messages.of("en").text("callCentre.declined"), outcomeAfterOnePoll("access_denied"));
        assertEquals(Messages.of("en").text("callCentre.expired"), outcomeAfterOnePoll("expired_token"));
        assertEquals(Messages.of("en").text("callCentre.failed"), outcomeAfterOnePoll("invalid_grant"));

        String status = startIdentification("dana");
        int asked = realm.tokenRequests.size();
        clock.advance(Duration.ofSeconds(120));
        Document expired = Jsoup.parse(get(status, Map.of()).body());
        assertEquals(Messages.of("en").text("callCentre.expired"), expired.getElementById("call-outcome").text());
        assertEquals(asked, realm.tokenRequests.size(), "after expires_in nothing is asked");
    }

    @Test
    void theIdTokenIsCheckedAsAtSignIn() throws Exception {
        realm.tokenAnswer = tokenResponse(realm.keys.sign(cibaClaims("nordic-bank-web", CallCentre.APP_ACR)), null);
        assertEquals(Messages.of("en").text("refused.audience"), outcomeAfterTokens());
        realm.tokenAnswer = tokenResponse(new TestTokens(realm.keys.kid).sign(cibaClaims(Config.CALL_CENTRE_CLIENT_ID, CallCentre.APP_ACR)), null);
        assertEquals(Messages.of("en").text("refused.signature"), outcomeAfterTokens());
        realm.tokenAnswer = tokenResponse(realm.keys.sign(cibaClaims(Config.CALL_CENTRE_CLIENT_ID, "urn:nordic-sca:loa:sca")), null);
        assertEquals(Messages.of("en").text("refused.level"), outcomeAfterTokens(), "only an identification with the app");
    }

    @Test
    void theCallCentreRefusesBadFormsAndOtherBrowsersIdentifications() throws Exception {
        Map<String, String> form = new HashMap<>(formToken("/call-centre?lang=sv"));
        form.put("user_code", "   ");
        HttpResponse<String> empty = post("/call-centre/identify", form);
        assertEquals(400, empty.statusCode());
        assertEquals(Messages.of("sv").text("callCentre.noUserCode"), Jsoup.parse(empty.body()).getElementById("user-code-problem").text());
        form.put("user_code", "x".repeat(CallCentre.MAX_USER_CODE + 1));
        assertEquals(400, post("/call-centre/identify", form).statusCode());
        assertEquals(403, post("/call-centre/identify", Map.of("user_code", "dana")).statusCode(), "another site's form");
        assertTrue(realm.cibaRequests.isEmpty());

        String status = startIdentification("dana");
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(config.baseUrl() + status)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
        assertNull(Jsoup.parse(elsewhere.body()).getElementById("event-id"), "another browser sees nothing of it");
    }

    @Test
    void theJwksIsServedWithoutASessionAndIsTheKeyThatSigns() throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(config.callCentreJwksUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jwks.statusCode());
        assertTrue(jwks.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(jwks.headers().firstValue("Set-Cookie").isEmpty(), "Keycloak's fetch makes no session");
        assertEquals(405, post("/call-centre/jwks", Map.of()).statusCode());
    }

    /** The request is authenticated with a fresh assertion that verifies with the key the app publishes. */
    private void assertClientAuthentication(Map<String, String> request) throws Exception {
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", request.get("client_assertion_type"));
        assertNull(request.get("client_secret"));
        String[] parts = request.get("client_assertion").split("\\.");
        JsonNode header = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonNode claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String published = get("/call-centre/jwks", Map.of()).body();
        java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
        rs256.initVerify(Jwks.parse(published).key(header.get("kid").asText()).orElseThrow());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
        assertEquals(Config.CALL_CENTRE_CLIENT_ID, claims.get("iss").asText());
        assertEquals(Config.CALL_CENTRE_CLIENT_ID, claims.get("sub").asText());
        assertEquals(realm.issuer, claims.get("aud").asText());
    }

    /** Starts an identification for this user code and returns its page's path. */
    private String startIdentification(String userCode) throws Exception {
        Map<String, String> form = new HashMap<>(formToken("/call-centre"));
        form.put("user_code", userCode);
        return redirect(post("/call-centre/identify", form)).toString();
    }

    /** Starts an identification, lets the token endpoint answer this error once, and returns what the page says. */
    private String outcomeAfterOnePoll(String error) throws Exception {
        realm.tokenStatus = 400;
        realm.tokenAnswer = "{\"error\":\"" + error + "\"}";
        return outcome();
    }

    private String outcomeAfterTokens() throws Exception {
        realm.tokenStatus = 200;
        return outcome();
    }

    private String outcome() throws Exception {
        String status = startIdentification("dana");
        clock.advance(Duration.ofSeconds(2));
        Document page = Jsoup.parse(get(status, Map.of()).body());
        assertNotNull(page.getElementById("call-outcome"), page.body().text());
        assertNull(page.getElementById("identified"));
        return page.getElementById("call-outcome").text();
    }

    /** An ID token as the CIBA grant issues it: no nonce, the app's level. */
    private Map<String, Object> cibaClaims(String clientId, String acr) {
        Map<String, Object> claims = new HashMap<>(TestTokens.claims(realm.issuer, clientId, null, clock.instant().getEpochSecond()));
        claims.remove("nonce");
        claims.put("acr", acr);
        claims.put("amr", List.of("swk"));
        return claims;
    }

    private Map<String, String> formToken(String page) throws Exception {
        Document home = Jsoup.parse(get(page, Map.of()).body());
        return Map.of("form_token", home.selectFirst("input[name=form_token]").attr("value"));
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl() + path)).GET();
        headers.forEach(request::header);
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI redirect(HttpResponse<String> response) {
        assertEquals(303, response.statusCode(), response.body());
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    private static String tokenResponse(String idToken, String authorizationDetails) {
        return "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\""
                + (authorizationDetails == null ? "" : ",\"authorization_details\":" + authorizationDetails) + "}";
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
