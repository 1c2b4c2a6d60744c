package io.nordicsca.companion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compact JWS with ES256 (RFC 7515, RFC 7518 3.4), written out by hand: the device API needs one
 * algorithm and one serialization, and a phone app would not pull in a JOSE library for that
 * either. The signature is R‖S, 64 bytes, which the JDK makes directly in P1363 format (plain
 * "SHA256withECDSA" would give DER, which JWS does not accept).
 */
public final class Jws {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Jws() {
    }

    /** header.payload.signature, each part base64url without padding. */
    public static String sign(Map<String, ?> header, Map<String, ?> payload, PrivateKey key) {
        String signingInput = base64Url(Json.bytes(header)) + "." + base64Url(Json.bytes(payload));
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign with the device key", e);
        }
    }

    /** Whether the ES256 signature of a compact JWS verifies with this key. */
    public static boolean verify(String jws, PublicKey key) {
        String[] parts = parts(jws);
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The decoded header of a compact JWS (not verified). */
    public static JsonNode headerOf(String jws) {
        return Json.parse(Base64.getUrlDecoder().decode(parts(jws)[0]));
    }

    /** The decoded payload of a compact JWS (not verified). */
    public static JsonNode payloadOf(String jws) {
        return Json.parse(Base64.getUrlDecoder().decode(parts(jws)[1]));
    }

    /** A fresh JWT ID: 16 random bytes, base64url (the device API asks for at least 16). */
    public static String newJti() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return base64Url(bytes);
    }

    public static String base64Url(byte[] bytes) {
        return URL_ENCODER.encodeToString(bytes);
    }

    private static String[] parts(String jws) {
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a compact JWS (three dot-separated parts)");
        }
        return parts;
    }
}
