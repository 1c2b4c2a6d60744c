package io.nordicsca.demoweb;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallCentreKeyTest {

    private static final String ISSUER = "http://localhost:8080/realms/nordic-bank";
    private static final long NOW = 1_800_000_000L;

    // RSA key generation is slow: one key for the class, as the app makes one at start.
    private static final CallCentreKey KEY = new CallCentreKey(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void theJwksPublishesOnePublicRsaSigningKeyAndNothingPrivate() {
        JsonNode jwks = Json.parseObject(KEY.jwks());
        assertEquals(Set.of("keys"), fieldNames(jwks));
        assertEquals(1, jwks.get("keys").size());
        JsonNode jwk = jwks.get("keys").get(0);
        assertEquals(Set.of("kty", "kid", "use", "alg", "n", "e"), fieldNames(jwk), "no d, p, q, dp, dq, qi: the private half stays here");
        assertEquals("RSA", jwk.get("kty").asText());
        assertEquals("sig", jwk.get("use").asText());
        assertEquals("RS256", jwk.get("alg").asText());
        assertEquals(KEY.keyId(), jwk.get("kid").asText());
        assertEquals(256, Base64.getUrlDecoder().decode(jwk.get("n").asText()).length, "a 2048-bit modulus, without a sign byte");
        assertEquals("AQAB", jwk.get("e").asText());
    }

    @Test
    void eachStartMakesANewKey() {
        CallCentreKey next = new CallCentreKey(Clock.systemUTC());
        assertNotEquals(KEY.keyId(), next.keyId());
        assertNotEquals(Json.parseObject(KEY.jwks()).at("/keys/0/n"), Json.parseObject(next.jwks()).at("/keys/0/n"));
    }

    @Test
    void theClientAssertionVerifiesWithThePublishedKeyAndSaysWhoForWhomUntilWhen() throws Exception {
        String assertion = KEY.clientAssertion("nordic-bank-call-centre", ISSUER);
        String[] parts = assertion.split("\\.", -1);
        assertEquals(3, parts.length);

        JsonNode header = decode(parts[0]);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals(KEY.keyId(), header.get("kid").asText());
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(Jwks.parse(KEY.jwks()).key(KEY.keyId()).orElseThrow());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "Keycloak verifies it with the JWKS we publish");

        JsonNode claims = decode(parts[1]);
        assertEquals("nordic-bank-call-centre", claims.get("iss").asText());
        assertEquals("nordic-bank-call-centre", claims.get("sub").asText());
        assertEquals(ISSUER, claims.get("aud").asText(), "one audience, the realm's issuer");
        assertEquals(NOW, claims.get("iat").asLong());
        assertEquals(NOW + 30, claims.get("exp").asLong(), "short-lived");
        assertTrue(claims.get("jti").asText().length() >= 32);
    }

    @Test
    void everyAssertionHasItsOwnJtiAndAChangedOneFailsTheSignature() throws Exception {
        String first = KEY.clientAssertion("nordic-bank-call-centre", ISSUER);
        String second = KEY.clientAssertion("nordic-bank-call-centre", ISSUER);
        assertNotEquals(decode(first.split("\\.")[1]).get("jti"), decode(second.split("\\.")[1]).get("jti"),
                "Keycloak refuses a jti it has seen: each request needs a new assertion");

        String[] parts = first.split("\\.");
        String otherClient = TestTokens.part(Json.text(java.util.Map.of("iss", "another-client", "sub", "another-client", "aud", ISSUER)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(Jwks.parse(KEY.jwks()).key(KEY.keyId()).orElseThrow());
        rs256.update((parts[0] + "." + otherClient).getBytes(StandardCharsets.US_ASCII));
        assertFalse(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    private static JsonNode decode(String part) {
        return Json.parseObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }
}
