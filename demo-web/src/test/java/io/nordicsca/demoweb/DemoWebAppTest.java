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
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws IOException {
        realm = new FakeRealm();
        config = new Config(realm.issuer, "nordic-bank-web", freePort());
        app = DemoWebApp.start(config);
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
