package io.nordicsca.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

/**
 * A relying party using the authorization code flow with PKCE (S256), like the demo web app:
 * it builds the authorization URL, then exchanges the code from the redirect for tokens.
 */
public class OidcClient {

    public static final String DEMO_CLIENT_ID = "nordic-bank-web";
    public static final String DEMO_REDIRECT_URI = "http://localhost:3000/callback";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private final String codeVerifier = random(48);
    private final String state = random(16);
    private final String nonce = random(16);

    public OidcClient(String realmUrl, String clientId, String redirectUri) {
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** The demo realm's web client. */
    public static OidcClient demo(String realmUrl) {
        return new OidcClient(realmUrl, DEMO_CLIENT_ID, DEMO_REDIRECT_URI);
    }

    public String authorizationUrl() {
        return authorizationUrl(Map.of());
    }

    /** The authorization URL, with extra parameters such as {@code ui_locales}. */
    public String authorizationUrl(Map<String, String> extra) {
        return realmUrl + "/protocol/openid-connect/auth?" + form(request(extra));
    }

    /** Pushes the authorization request (PAR, RFC 9126) with extra parameters; Keycloak's answer as it came. */
    public HttpResponse<String> push(Map<String, String> extra) {
        return Http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/ext/par/request"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(request(extra))))
                .build());
    }

    /** The authorization URL of a pushed request: only the client and the {@code request_uri} PAR answered. */
    public String pushedAuthorizationUrl(String requestUri) {
        return realmUrl + "/protocol/openid-connect/auth?" + form(Map.of("client_id", clientId, "request_uri", requestUri));
    }

    private Map<String, String> request(Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(codeVerifier));
        query.put("code_challenge_method", "S256");
        query.putAll(extra);
        return query;
    }

    /** Reads the code from the redirect (checking state) and exchanges it with the PKCE verifier. */
    public Tokens exchange(URI redirect) {
        return exchange(redirect, codeVerifier);
    }

    /** As {@link #exchange(URI)} with a chosen verifier, to show what a wrong one gets. */
    public Tokens exchange(URI redirect, String verifier) {
        return exchange(redirect, verifier, Map.of());
    }

    /** As {@link #exchange(URI)} with more parameters in the token request (such as {@code authorization_details}). */
    public Tokens exchange(URI redirect, Map<String, String> extra) {
        return exchange(redirect, codeVerifier, extra);
    }

    private Tokens exchange(URI redirect, String verifier, Map<String, String> extra) {
        if (redirect == null || !redirect.toString().startsWith(redirectUri)) {
            throw new AssertionError("Expected a redirect to " + redirectUri + " but got " + redirect);
        }
        Map<String, String> params = query(redirect);
        if (!state.equals(params.get("state"))) {
            throw new AssertionError("State mismatch in " + redirect);
        }
        String code = params.get("code");
        if (code == null) {
            throw new AssertionError("No code in " + redirect);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("client_id", clientId);
        body.put("code_verifier", verifier);
        body.putAll(extra);
        return tokenRequest(body);
    }

    private Tokens tokenRequest(Map<String, String> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)))
                .build();
        HttpResponse<String> response = Http.send(request);
        try {
            return new Tokens(response.statusCode(), JsonSerialization.readValue(response.body(), AccessTokenResponse.class));
        } catch (IOException e) {
            throw new AssertionError("The token endpoint did not answer JSON: " + response.body(), e);
        }
    }

    /** Refreshes with the refresh token of earlier tokens. */
    public Tokens refresh(Tokens earlier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", earlier.response().getRefreshToken());
        body.put("client_id", clientId);
        return tokenRequest(body);
    }

    public String nonce() {
        return nonce;
    }

    /** What the token endpoint answered. */
    public record Tokens(int status, AccessTokenResponse response) {

        public AccessToken accessToken() {
            try {
                return new JWSInput(response.getToken()).readJsonContent(AccessToken.class);
            } catch (JWSInputException e) {
                throw new IllegalStateException(e);
            }
        }

        public IDToken idToken() {
            try {
                return new JWSInput(response.getIdToken()).readJsonContent(IDToken.class);
            } catch (JWSInputException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The decoded query parameters of a URI. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
