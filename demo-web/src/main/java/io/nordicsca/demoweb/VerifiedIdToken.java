package io.nordicsca.demoweb;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ID token whose signature, issuer, audience, expiry and nonce have been checked.
 *
 * @param claims    its claims
 * @param keyId     the realm key ({@code kid}) that signed it
 * @param expiresAt its {@code exp}
 */
record VerifiedIdToken(JsonNode claims, String keyId, Instant expiresAt) {

    String claim(String name) {
        return Json.textOrNull(claims, name);
    }
}
