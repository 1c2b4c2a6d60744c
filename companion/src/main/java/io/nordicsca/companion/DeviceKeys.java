package io.nordicsca.companion;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device's own key pair: EC P-256, as the device API requires. The server only ever sees the
 * public key, as a JWK; the private key stays here (in a phone it would live in the secure
 * element; the companion keeps it in its state file, PKCS#8 in base64).
 */
public final class DeviceKeys {

    private static final String CURVE = "secp256r1";
    /** P-256 coordinates are 32 bytes; a JWK carries them at exactly that length (RFC 7518 6.2.1.2). */
    private static final int COORDINATE_BYTES = 32;

    private final PrivateKey privateKey;
    private final ECPublicKey publicKey;

    private DeviceKeys(PrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair, as at enrollment or key rotation. */
    public static DeviceKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            KeyPair pair = generator.generateKeyPair();
            return new DeviceKeys(pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make P-256 keys", e);
        }
    }

    /**
     * Keys as saved by {@link #privateKeyPkcs8()} and {@link #publicJwk()}. The JDK cannot derive
     * the public key from the private one, so both are kept; a test signature checks that they
     * belong together, so a mixed-up state file fails here and not at the server.
     */
    public static DeviceKeys restore(String privateKeyPkcs8Base64, Map<String, ?> publicJwk) {
        PrivateKey privateKey;
        try {
            byte[] der = Base64.getDecoder().decode(privateKeyPkcs8Base64);
            privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("The private key is not an EC key in PKCS#8", e);
        }
        DeviceKeys keys = new DeviceKeys(privateKey, publicKeyFromJwk(publicJwk));
        if (!keys.belongTogether()) {
            throw new IllegalArgumentException("The private key does not match the public key");
        }
        return keys;
    }

    /** The P-256 public key of a JWK {"kty":"EC","crv":"P-256","x":...,"y":...}. */
    public static ECPublicKey publicKeyFromJwk(Map<String, ?> jwk) {
        if (jwk == null || !"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))) {
            throw new IllegalArgumentException("Not a P-256 JWK: " + jwk);
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(CURVE));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(coordinate(jwk.get("x")), coordinate(jwk.get("y")));
            if (!onCurve(point, spec)) {
                throw new IllegalArgumentException("Not a point on P-256: " + jwk);
            }
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a point on P-256: " + jwk, e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** The public key as the device API wants it: {"kty":"EC","crv":"P-256","x":...,"y":...}. */
    public Map<String, Object> publicJwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", Jws.base64Url(fixedLength(publicKey.getW().getAffineX())));
        jwk.put("y", Jws.base64Url(fixedLength(publicKey.getW().getAffineY())));
        return jwk;
    }

    /** The private key for the state file: PKCS#8 DER, base64. */
    public String privateKeyPkcs8() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    private boolean belongTogether() {
        try {
            byte[] probe = "nordic-sca-companion key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(Jws.SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(Jws.SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * y² = x³ + ax + b (mod p), with both coordinates below p. The JDK's KeyFactory does not check
     * this, and a key off the curve is the start of an invalid-curve attack.
     */
    private static boolean onCurve(ECPoint point, ECParameterSpec spec) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    /** BigInteger drops leading zero bytes and may add a sign byte: JWK wants exactly 32 bytes. */
    private static byte[] fixedLength(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length == COORDINATE_BYTES) {
            return raw;
        }
        if (raw.length > COORDINATE_BYTES) {
            return Arrays.copyOfRange(raw, raw.length - COORDINATE_BYTES, raw.length);
        }
        byte[] padded = new byte[COORDINATE_BYTES];
        System.arraycopy(raw, 0, padded, COORDINATE_BYTES - raw.length, raw.length);
        return padded;
    }

    private static BigInteger coordinate(Object base64Url) {
        if (!(base64Url instanceof String text)) {
            throw new IllegalArgumentException("A JWK coordinate is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A JWK coordinate is not base64url", e);
        }
        if (bytes.length != COORDINATE_BYTES) {
            throw new IllegalArgumentException("A P-256 JWK coordinate must be 32 bytes, not " + bytes.length);
        }
        return new BigInteger(1, bytes);
    }
}
