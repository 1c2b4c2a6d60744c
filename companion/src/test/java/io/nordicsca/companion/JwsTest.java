package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JwsTest {

    @Test
    void signatureVerifiesWithTheJdkAgainstTheKeyRebuiltFromTheJwk() throws Exception {
        DeviceKeys keys = DeviceKeys.generate();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token", "t-1");
        payload.put("iat", 1_700_000_000L);
        String jws = Jws.sign(Map.of("alg", "ES256", "typ", "nordic-sca-enroll+jwt"), payload, keys.privateKey());

        String[] parts = jws.split("\\.");
        assertEquals(3, parts.length);
        for (String part : parts) {
            assertTrue(part.matches("[A-Za-z0-9_-]+"), "base64url without padding: " + part);
        }
        assertEquals(64, Base64.getUrlDecoder().decode(parts[2]).length, "R‖S, not DER");

        ECPublicKey rebuilt = TestCrypto.publicKey(Json.MAPPER.valueToTree(keys.publicJwk()));
        assertTrue(TestCrypto.verifies(jws, rebuilt));
        assertTrue(Jws.verify(jws, rebuilt));

        JsonNode header = Jws.headerOf(jws);
        assertEquals("ES256", header.get("alg").asText());
        assertEquals("nordic-sca-enroll+jwt", header.get("typ").asText());
        assertEquals("t-1", Jws.payloadOf(jws).get("token").asText());
        assertEquals(1_700_000_000L, Jws.payloadOf(jws).get("iat").asLong());
    }

    @Test
    void aTamperedPayloadOrAnotherKeyDoesNotVerify() throws Exception {
        DeviceKeys keys = DeviceKeys.generate();
        String jws = Jws.sign(Map.of("alg", "ES256"), Map.of("decision", "deny"), keys.privateKey());
        String[] parts = jws.split("\\.");
        String tampered = parts[0] + "." + Jws.base64Url("{\"decision\":\"approve\"}".getBytes()) + "." + parts[2];
        ECPublicKey key = TestCrypto.publicKey(Json.MAPPER.valueToTree(keys.publicJwk()));
        assertFalse(TestCrypto.verifies(tampered, key));
        assertFalse(Jws.verify(tampered, key));
        ECPublicKey other = TestCrypto.publicKey(Json.MAPPER.valueToTree(DeviceKeys.generate().publicJwk()));
        assertFalse(TestCrypto.verifies(jws, other));
    }

    @Test
    void jtisAreSixteenRandomBytes() {
        String jti = Jws.newJti();
        assertEquals(16, Base64.getUrlDecoder().decode(jti).length);
        assertNotEquals(jti, Jws.newJti());
    }
}
