package io.nordicsca.demoweb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.nordicsca.demoweb.TokenRefused.Reason;

/**
 * Checks an ID token as OpenID Connect Core 1.0 §3.1.3.7 asks of a client: the JWS signature with
 * the realm's key (RS256 only: the algorithm is fixed here, never taken from the token, so "none" or
 * an HMAC made with the public key cannot pass), {@code iss} exactly the issuer, {@code aud}
 * naming this client (and {@code azp} this client when there are several audiences), {@code exp}
 * not passed, and {@code nonce} the one this browser's request sent. A decoupled identification
 * (CIBA) has no nonce: {@link #verifyDecoupled} makes every other check.
 */
final class IdTokenVerifier {

    static final String ALGORITHM = "RS256";
    /** Clocks of the app and Keycloak may differ a little. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** The realm's key by key id; may fetch the JWKS again when the realm rotated its keys. */
    interface Keys {
        Optional<RSAPublicKey> key(String kid);
    }

    private final String issuer;
    private final String clientId;
    private final Keys keys;
    private final Clock clock;

    IdTokenVerifier(String issuer, String clientId, Keys keys, Clock clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.keys = keys;
        this.clock = clock;
    }

    /** An ID token from a browser's sign-in: every check, and the nonce of the request this browser sent. */
    VerifiedIdToken verify(String idToken, String expectedNonce) throws TokenRefused {
        VerifiedIdToken verified = verifyDecoupled(idToken);
        String nonce = verified.claim("nonce");
        if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
            throw new TokenRefused(Reason.NONCE, "nonce differs");
        }
        return verified;
    }

    /**
     * An ID token from the token endpoint's CIBA grant: every check but the nonce, which CIBA does
     * not have (CIBA Core 1.0 §7.1); the token endpoint gives it only to the client that
     * authenticated and holds the {@code auth_req_id}.
     */
    VerifiedIdToken verifyDecoupled(String idToken) throws TokenRefused {
        if (idToken == null) {
            throw new TokenRefused(Reason.MALFORMED, "no id_token in the token response");
        }
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRefused(Reason.MALFORMED, "not a compact JWS");
        }
        JsonNode header = decodeJson(parts[0]);
        if (!ALGORITHM.equals(Json.textOrNull(header, "alg"))) {
            throw new TokenRefused(Reason.ALGORITHM, "alg " + Json.textOrNull(header, "alg"));
        }
        String kid = Json.textOrNull(header, "kid");
        RSAPublicKey key = (kid == null ? Optional.<RSAPublicKey>empty() : keys.key(kid))
                .orElseThrow(() -> new TokenRefused(Reason.UNKNOWN_KEY, "kid " + kid));
        if (!signatureValid(key, parts)) {
            throw new TokenRefused(Reason.SIGNATURE, "kid " + kid);
        }

        JsonNode claims = decodeJson(parts[1]);
        if (!issuer.equals(Json.textOrNull(claims, "iss"))) {
            throw new TokenRefused(Reason.ISSUER, "iss " + Json.textOrNull(claims, "iss"));
        }
        JsonNode audience = claims.get("aud");
        boolean audienceOk = audience != null && (audience.isTextual() ? clientId.equals(audience.asText())
                : audience.isArray() && contains(audience, clientId)
                        && (audience.size() == 1 || clientId.equals(Json.textOrNull(claims, "azp"))));
        if (!audienceOk) {
            throw new TokenRefused(Reason.AUDIENCE, "aud " + audience);
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong()) {
            throw new TokenRefused(Reason.EXPIRED, "no exp");
        }
        Instant expiresAt = Instant.ofEpochSecond(exp.asLong());
        if (!clock.instant().isBefore(expiresAt.plus(CLOCK_SKEW))) {
            throw new TokenRefused(Reason.EXPIRED, "exp " + expiresAt);
        }
        return new VerifiedIdToken(claims, kid, expiresAt);
    }

    private static boolean signatureValid(RSAPublicKey key, String[] parts) throws TokenRefused {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new TokenRefused(Reason.SIGNATURE, e.getClass().getSimpleName());
        }
    }

    private static JsonNode decodeJson(String part) throws TokenRefused {
        try {
            return Json.parseObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new TokenRefused(Reason.MALFORMED, "a part is not base64url JSON");
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
