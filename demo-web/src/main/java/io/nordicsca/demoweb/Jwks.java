package io.nordicsca.demoweb;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The realm's signing keys from its JWKS document (RFC 7517): the RSA keys meant for signatures
 * with RS256 (or no algorithm named), by key id. Keys for encryption or other algorithms are left out.
 */
final class Jwks {

    private final Map<String, RSAPublicKey> keys;

    private Jwks(Map<String, RSAPublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    static Jwks parse(String json) {
        JsonNode document = Json.parseObject(json);
        Map<String, RSAPublicKey> keys = new HashMap<>();
        for (JsonNode key : document.path("keys")) {
            String kid = Json.textOrNull(key, "kid");
            String use = Json.textOrNull(key, "use");
            String alg = Json.textOrNull(key, "alg");
            if (kid == null || !"RSA".equals(Json.textOrNull(key, "kty"))
                    || (use != null && !"sig".equals(use)) || (alg != null && !IdTokenVerifier.ALGORITHM.equals(alg))) {
                continue;
            }
            try {
                BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText()));
                BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()));
                keys.put(kid, (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                // A key we cannot read verifies nothing; a token signed with it is refused as "unknown key".
            }
        }
        return new Jwks(keys);
    }

    Optional<RSAPublicKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }
}
