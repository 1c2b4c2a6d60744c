package io.nordicsca.keycloak.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import org.keycloak.util.JsonSerialization;

/**
 * A JWS in compact form as the app sends it: header, payload and ES256 signature. Parsing checks
 * only the form; {@link #verifiedBy} checks the signature. Bad input is an IllegalArgumentException
 * with a message fit for the app's developers (it becomes a 400).
 */
record DeviceJws(Map<String, Object> header, Map<String, Object> payload, byte[] signingInput, byte[] signature) {

    /** JWS bodies larger than this are refused before they are parsed. */
    static final int MAX_LENGTH = 16 * 1024;

    @SuppressWarnings("unchecked")
    static DeviceJws parse(String compact, String expectedType) {
        if (compact == null || compact.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a JWS of at most " + MAX_LENGTH + " characters is required");
        }
        String[] parts = compact.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            Map<String, Object> header = JsonSerialization.readValue(decoder.decode(parts[0]), Map.class);
            Map<String, Object> payload = JsonSerialization.readValue(decoder.decode(parts[1]), Map.class);
            if (header == null || payload == null) {
                throw new IllegalArgumentException("header and payload must be JSON objects");
            }
            if (!"ES256".equals(header.get("alg"))) {
                throw new IllegalArgumentException("alg must be ES256");
            }
            if (!expectedType.equals(header.get("typ"))) {
                throw new IllegalArgumentException("typ must be " + expectedType);
            }
            return new DeviceJws(header, payload, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), decoder.decode(parts[2]));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? "malformed JWS" : e.getMessage(), e);
        }
    }

    boolean verifiedBy(PublicKey key) {
        return DeviceKeys.verify(key, signingInput, signature);
    }

    String text(String claim) {
        return payload.get(claim) instanceof String value ? value : null;
    }

    long number(String claim) {
        return payload.get(claim) instanceof Number value ? value.longValue() : Long.MIN_VALUE;
    }
}
