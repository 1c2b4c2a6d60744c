package io.nordicsca.keycloak.app;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Device keys: EC P-256 public keys as JWK, and ES256 signatures (R‖S, as JWS carries them),
 * with the JDK's own crypto. Anything else (other curves, RSA, malformed coordinates) is refused.
 */
final class DeviceKeys {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** The order n of P-256's base point (FIPS 186-4, D.1.2.3): ECDSA's r and s must lie in [1, n-1]. */
    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

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
            ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, xBytes), new BigInteger(1, yBytes));
            if (!onCurve(point, p256)) {
                throw new IllegalArgumentException("publicKey is not a point of P-256");
            }
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey is not a valid P-256 key", e);
        }
    }

    /** y² = x³ + ax + b (mod p) with 0 ≤ x, y < p: the JDK's KeyFactory does not check this (invalid-curve keys). */
    private static boolean onCurve(ECPoint point, ECParameterSpec curve) {
        BigInteger p = ((ECFieldFp) curve.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(curve.getCurve().getA().multiply(x)).add(curve.getCurve().getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    /** True when {@code signature} (R‖S, 64 bytes) is a valid ES256 signature of {@code signed}. */
    static boolean verify(PublicKey key, byte[] signed, byte[] signature) {
        if (!inRange(signature)) {
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

    /**
     * R‖S of 64 bytes with 0 < r, s < n. Patched JDKs check this themselves since CVE-2022-21449
     * (r = s = 0 verified anything on JDK 15 to 17.0.2); we do not rely on the JDK or provider.
     */
    static boolean inRange(byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(P256_ORDER) < 0 && s.compareTo(P256_ORDER) < 0;
    }
}
