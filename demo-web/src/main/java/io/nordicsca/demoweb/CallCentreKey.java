package io.nordicsca.demoweb;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call-centre system's own key: made in memory at start (a new key id each start, never
 * written anywhere), its public half published as a JWK set for Keycloak ({@code jwks.url} of the
 * client), its private half signing the client assertions of {@code private_key_jwt} (RFC 7523 §2.2,
 * OpenID Connect Core §9). No secret is shared with Keycloak, so none can leak from it.
 */
final class CallCentreKey {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Short: an assertion is used once, right away; Keycloak refuses those far in the future. */
    static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(30);

    private final String keyId;
    private final KeyPair keys;
    private final Clock clock;

    CallCentreKey(Clock clock) {
        this.clock = clock;
        this.keyId = "call-centre-" + AuthorizationRequest.random(12);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK makes RSA keys", e);
        }
    }

    String keyId() {
        return keyId;
    }

    /** The JWK set (RFC 7517) with the one public key: RSA, for signatures, RS256. */
    String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", IdTokenVerifier.ALGORITHM);
        jwk.put("n", unsignedBase64Url(key.getModulus()));
        jwk.put("e", unsignedBase64Url(key.getPublicExponent()));
        return Json.text(Map.of("keys", List.of(jwk)));
    }

    /**
     * A client assertion (RFC 7523 §3): {@code iss} = {@code sub} = the client id, {@code aud} the
     * realm's issuer (one audience: Keycloak accepts the issuer at every endpoint), a fresh {@code jti}
     * (Keycloak keeps it and refuses a replay), {@code iat} and a short {@code exp}.
     */
    String clientAssertion(String clientId, String audience) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", IdTokenVerifier.ALGORITHM);
        header.put("typ", "JWT");
        header.put("kid", keyId);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", audience);
        claims.put("jti", AuthorizationRequest.random(24));
        claims.put("iat", now);
        claims.put("exp", now + ASSERTION_LIFETIME.toSeconds());
        String signingInput = base64Url(Json.text(header)) + "." + base64Url(Json.text(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK signs with SHA256withRSA", e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 7518 §6.3.1: the big-endian value without a sign byte. */
    private static String unsignedBase64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
