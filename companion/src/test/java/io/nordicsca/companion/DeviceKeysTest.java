package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class DeviceKeysTest {

    /** Many keys, so that coordinates with leading zero bytes (1 in 128 per coordinate) come up. */
    @Test
    void jwkCoordinatesAreAlways43Base64UrlCharactersAndRebuildTheKey() throws Exception {
        for (int i = 0; i < 300; i++) {
            DeviceKeys keys = DeviceKeys.generate();
            Map<String, Object> jwk = keys.publicJwk();
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
            for (String coordinate : new String[] {"x", "y"}) {
                String value = (String) jwk.get(coordinate);
                assertEquals(43, value.length(), coordinate + " = " + value);
                assertEquals(true, value.matches("[A-Za-z0-9_-]{43}"), coordinate + " = " + value);
            }
            JsonNode node = Json.MAPPER.valueToTree(jwk);
            assertArrayEquals(keys.publicKey().getEncoded(), TestCrypto.publicKey(node).getEncoded());
        }
    }

    @Test
    void privateKeyRoundTripsThroughPkcs8() {
        DeviceKeys keys = DeviceKeys.generate();
        DeviceKeys restored = DeviceKeys.restore(keys.privateKeyPkcs8(), keys.publicJwk());
        assertArrayEquals(keys.privateKey().getEncoded(), restored.privateKey().getEncoded());
        assertArrayEquals(keys.publicKey().getEncoded(), restored.publicKey().getEncoded());
    }

    @Test
    void mismatchedKeysAreRefused() {
        DeviceKeys one = DeviceKeys.generate();
        DeviceKeys other = DeviceKeys.generate();
        assertThrows(IllegalArgumentException.class, () -> DeviceKeys.restore(one.privateKeyPkcs8(), other.publicJwk()));
    }

    @Test
    void badJwksAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DeviceKeys.publicKeyFromJwk(Map.of("kty", "RSA", "crv", "P-256", "x", "AA", "y", "AA")));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceKeys.publicKeyFromJwk(Map.of("kty", "EC", "crv", "P-256", "x", "AA", "y", "AA")));
        Map<String, Object> offCurve = DeviceKeys.generate().publicJwk();
        offCurve.put("y", offCurve.get("x"));
        assertThrows(IllegalArgumentException.class, () -> DeviceKeys.publicKeyFromJwk(offCurve));
    }
}
