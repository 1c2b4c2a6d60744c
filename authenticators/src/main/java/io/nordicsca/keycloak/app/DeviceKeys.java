package io.nordicsca.keycloak.app;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Device keys: EC P-256 public keys as JWK, and ES256 signatures (R‖S, as JWS carries them),
 * with the JDK's own crypto. Anything else (other curves, RSA, malformed coordinates) is refused.
 */
final class DeviceKeys {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private DeviceKeys() {
    }

    /** The public key of a JWK {"kty":"EC","crv":"P-256","x":...,"y":...}; IllegalArgumentException when it is not one. */
    static PublicKey publicKey(Map<String, Object> jwk) {
        if (jwk == null || !"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))
                || !(jwk.get("x") instanceof String x) || !(jwk.get("y") instanceof String y)) {
            throw new IllegalArgumentException("publicKey must be an EC P-256 JWK");
        }
        try {
            byte[] xBytes = BASE64URL.decode(x);
            byte[] yBytes = BASE64URL.decode(y);
            if (xBytes.length != 32 || yBytes.length != 32) {
                throw new IllegalArgumentException("publicKey coordinates must be 32 bytes");
            }
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECPoint point = new ECPoint(new BigInteger(1, xBytes), new BigInteger(1, yBytes));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Includes points not on the curve, which the JDK refuses.
            throw new IllegalArgumentException("publicKey is not a valid P-256 key", e);
        }
    }

    /** True when {@code signature} (R‖S, 64 bytes) is a valid ES256 signature of {@code signed}. */
    static boolean verify(PublicKey key, byte[] signed, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
