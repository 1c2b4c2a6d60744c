package io.nordicsca.demoweb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web app's side of OpenID Connect with the realm: discovery, the authorization request
 * (authorization code flow, PKCE S256, {@code state}, {@code nonce}, {@code acr_values},
 * {@code ui_locales}), the payment as a pushed authorization request (PAR, RFC 9126) carrying
 * {@code authorization_details}, the code exchange, and the realm's keys for the ID token check.
 * A public client: no secret, the PKCE verifier proves the code is ours.
 */
final class OidcClient implements IdTokenVerifier.Keys {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the token endpoint answered that this app uses. */
    record Tokens(String idToken, JsonNode authorizationDetails) {
    }

    private final Config config;
    private final HttpClient http;
    private final Clock clock;
    // Fetched on first use (Keycloak may start after this app) and kept: one node, one realm.
    private volatile ProviderMetadata metadata;
    private volatile Jwks jwks;

    OidcClient(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The realm's discovery document; its {@code issuer} must be exactly the configured one. */
    ProviderMetadata metadata() throws KeycloakUnreachable {
        ProviderMetadata known = metadata;
        if (known != null) {
            return known;
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(config.issuer() + "/.well-known/openid-configuration")).GET());
        try {
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("discovery answered HTTP " + response.statusCode());
            }
            ProviderMetadata fetched = ProviderMetadata.parse(response.body());
            if (!config.issuer().equals(fetched.issuer())) {
                throw new IllegalArgumentException("discovery names issuer " + fetched.issuer());
            }
            metadata = fetched;
            return fetched;
        } catch (IllegalArgumentException e) {
            throw new KeycloakUnreachable("Unusable discovery document at " + config.issuer() + ": " + e.getMessage(), e);
        }
    }

    /** Where to send the browser to sign in (a plain authorization request in the URL). */
    URI signInUrl(AuthorizationRequest request) throws KeycloakUnreachable {
        return withQuery(metadata().authorizationEndpoint(), authorizationParameters(request));
    }

    /**
     * Pushes the payment's authorization request to the PAR endpoint (the payment never travels
     * in the browser's URL, where it could be changed or grow too long) and returns where to send
     * the browser: the authorization endpoint with only {@code client_id} and {@code request_uri}
     * (and {@code kc_locale}, which Keycloak reads from the URL for the first page's language).
     */
    URI paymentUrl(AuthorizationRequest request, String authorizationDetails) throws KeycloakUnreachable, KeycloakError {
        Map<String, String> parameters = authorizationParameters(request);
        parameters.put("authorization_details", authorizationDetails);
        JsonNode answer = postForm(metadata().pushedAuthorizationRequestEndpoint(), parameters, 201);
        String requestUri = Json.textOrNull(answer, "request_uri");
        if (requestUri == null) {
            throw new KeycloakUnreachable("The PAR endpoint answered no request_uri", null);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.clientId());
        query.put("request_uri", requestUri);
        query.put("kc_locale", request.language());
        return withQuery(metadata().authorizationEndpoint(), query);
    }

    /** Exchanges the code from the redirect with the PKCE verifier (RFC 7636 §4.5). */
    Tokens exchange(AuthorizationRequest request, String code) throws KeycloakUnreachable, KeycloakError {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", config.redirectUri());
        form.put("client_id", config.clientId());
        form.put("code_verifier", request.codeVerifier());
        JsonNode answer = postForm(metadata().tokenEndpoint(), form, 200);
        JsonNode details = answer.get("authorization_details");
        return new Tokens(Json.textOrNull(answer, "id_token"), details == null || details.isNull() ? null : details);
    }

    IdTokenVerifier verifier() {
        return verifierFor(config.clientId());
    }

    /** The same checks for ID tokens issued to another client of this app (the call centre's). */
    IdTokenVerifier verifierFor(String clientId) {
        return new IdTokenVerifier(config.issuer(), clientId, this, clock);
    }

    /**
     * Keycloak's end-session endpoint (RP-initiated logout) that comes back to this app's start page,
     * or null when the realm publishes none.
     */
    URI signOutUrl(String idToken, String language) throws KeycloakUnreachable {
        String endpoint = metadata().endSessionEndpoint();
        if (endpoint == null) {
            return null;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.clientId());
        query.put("post_logout_redirect_uri", config.baseUrl() + "/");
        if (idToken != null) {
            query.put("id_token_hint", idToken);
        }
        query.put("ui_locales", language);
        return withQuery(endpoint, query);
    }

    /** The realm's key by id; an unknown id fetches the JWKS once more, as after a key rotation. */
    @Override
    public Optional<RSAPublicKey> key(String kid) {
        try {
            Jwks known = jwks;
            Optional<RSAPublicKey> key = known == null ? Optional.empty() : known.key(kid);
            if (key.isPresent()) {
                return key;
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(metadata().jwksUri())).GET());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Jwks fetched = Jwks.parse(response.body());
            jwks = fetched;
            return fetched.key(kid);
        } catch (KeycloakUnreachable | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> authorizationParameters(AuthorizationRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", config.clientId());
        parameters.put("redirect_uri", config.redirectUri());
        parameters.put("response_type", "code");
        parameters.put("scope", "openid");
        parameters.put("state", request.state());
        parameters.put("nonce", request.nonce());
        parameters.put("code_challenge", request.codeChallenge());
        parameters.put("code_challenge_method", "S256");
        parameters.put("acr_values", request.purpose().level().acr());
        parameters.put("ui_locales", request.language());
        return parameters;
    }

    /** POSTs a form; the expected status gives the JSON answer, an OAuth error JSON gives KeycloakError. */
    JsonNode postForm(String endpoint, Map<String, String> form, int expectedStatus) throws KeycloakUnreachable, KeycloakError {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form))));
        JsonNode answer;
        try {
            answer = Json.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            throw new KeycloakUnreachable(endpoint + " answered HTTP " + response.statusCode() + " without JSON", e);
        }
        if (response.statusCode() == expectedStatus) {
            return answer;
        }
        String error = Json.textOrNull(answer, "error");
        if (error == null) {
            throw new KeycloakUnreachable(endpoint + " answered HTTP " + response.statusCode(), null);
        }
        throw new KeycloakError(error, Json.textOrNull(answer, "error_description"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws KeycloakUnreachable {
        try {
            return http.send(request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeycloakUnreachable("Keycloak did not answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakUnreachable("Interrupted", e);
        }
    }

    private static URI withQuery(String endpoint, Map<String, String> query) {
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + Forms.encode(query));
    }
}
