package io.nordicsca.demoweb;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A realm's RS256 key for tests: its JWKS, and ID tokens signed with it (or tampered with). */
final class TestTokens {

    final String kid;
    final KeyPair keys;

    TestTokens(String kid) {
        this.kid = kid;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid);
        jwk.put("kty", "RSA");
        jwk.put("alg", "RS256");
        jwk.put("use", "sig");
        jwk.put("n", unsigned(key.getModulus()));
        jwk.put("e", unsigned(key.getPublicExponent()));
        return Json.text(Map.of("keys", java.util.List.of(jwk)));
    }

    /** A compact JWS with this header and these claims, signed with SHA256withRSA. */
    String sign(Map<String, Object> header, Map<String, Object> claims) {
        String signingInput = part(Json.text(header)) + "." + part(Json.text(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String sign(Map<String, Object> claims) {
        return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", kid), claims);
    }

    /** Claims as the demo realm issues them for a sign-in at level sca. */
    static Map<String, Object> claims(String issuer, String clientId, String nonce, long now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", clientId);
        claims.put("azp", clientId);
        claims.put("sub", "3f0c1c2e-0000-4000-8000-000000000001");
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("auth_time", now - 5);
        claims.put("nonce", nonce);
        claims.put("acr", "urn:nordic-sca:loa:sca");
        claims.put("amr", java.util.List.of("pwd", "sms"));
        claims.put("name", "Kari Nordmann");
        claims.put("preferred_username", "kari");
        return claims;
    }

    static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
