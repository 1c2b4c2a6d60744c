package io.nordicsca.demoweb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a finished trip to Keycloak brought back, after every check passed.
 *
 * @param purpose              why the browser went to Keycloak; null for a caller identified by phone (CIBA)
 * @param authorizationDetails the approved {@code authorization_details} of the token response (payments), else null
 * @param idToken              kept only as the hint for signing out; null for a caller identified by phone
 */
record Result(AuthorizationRequest.Purpose purpose, String name, String username, String acr, List<String> amr,
              Instant authTime, String issuer, String audience, String keyId, Instant expiresAt,
              JsonNode authorizationDetails, String idToken) {

    static Result of(AuthorizationRequest.Purpose purpose, VerifiedIdToken token, JsonNode authorizationDetails, String idToken) {
        JsonNode claims = token.claims();
        List<String> amr = new ArrayList<>();
        claims.path("amr").forEach(value -> amr.add(value.asText()));
        JsonNode authTime = claims.get("auth_time");
        String name = token.claim("name");
        return new Result(purpose, name, token.claim("preferred_username"), token.claim("acr"), List.copyOf(amr),
                authTime != null && authTime.canConvertToLong() ? Instant.ofEpochSecond(authTime.asLong()) : null,
                token.claim("iss"), claims.path("aud").isArray() ? Json.text(claims.get("aud")) : token.claim("aud"),
                token.keyId(), token.expiresAt(), authorizationDetails, idToken);
    }

    /** A caller identified by phone: no browser went to Keycloak, nobody to sign out. */
    static Result identified(VerifiedIdToken token) {
        return of(null, token, null, null);
    }
}
