package io.nordicsca.keycloak.app;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceKeysTest {

    /** The order n of P-256's base point (FIPS 186-4, D.1.2.3). */
    private static final BigInteger N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final byte[] SIGNED = "header.payload".getBytes(StandardCharsets.US_ASCII);

    private KeyPair pair;
    private ECPublicKey publicKey;
    private byte[] valid;

    @BeforeEach
    void keyAndSignature() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        pair = generator.generateKeyPair();
        publicKey = (ECPublicKey) DeviceKeys.publicKey(jwk((ECPublicKey) pair.getPublic()));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update(SIGNED);
        valid = signer.sign();
    }

    @Test
    void aSignatureOfTheDeviceKeyVerifiesAndATamperedOneDoesNot() {
        assertTrue(DeviceKeys.verify(publicKey, SIGNED, valid));
        byte[] tampered = valid.clone();
        tampered[63] ^= 1;
        assertFalse(DeviceKeys.verify(publicKey, SIGNED, tampered));
        assertFalse(DeviceKeys.verify(publicKey, SIGNED, Arrays.copyOf(valid, 63)));
    }

    @Test
    void signaturesWithRorSOutsideOneToNMinusOneAreRefused() {
        byte[] r = Arrays.copyOfRange(valid, 0, 32);
        byte[] s = Arrays.copyOfRange(valid, 32, 64);
        byte[] zero = new byte[32];
        byte[] n = fixed(N);
        byte[] nPlusOne = fixed(N.add(BigInteger.ONE));
        // r = 0 and s = 0 (the "psychic signature", CVE-2022-21449), each alone, r or s = n, and all ones (above n).
        for (byte[][] rs : new byte[][][] {{zero, zero}, {zero, s}, {r, zero}, {n, s}, {r, n}, {n, n}, {ones(), s}, {r, ones()}}) {
            assertFalse(DeviceKeys.verify(publicKey, SIGNED, concat(rs[0], rs[1])),
                    "r=" + new BigInteger(1, rs[0]).toString(16) + " s=" + new BigInteger(1, rs[1]).toString(16));
        }
        assertFalse(DeviceKeys.inRange(concat(zero, zero)));
        assertFalse(DeviceKeys.inRange(concat(n, s)));
        assertFalse(DeviceKeys.inRange(concat(r, n)));
        assertFalse(DeviceKeys.inRange(concat(nPlusOne, s)), "n + 1 is 1 again modulo n, and still refused");
        assertFalse(DeviceKeys.inRange(concat(r, nPlusOne)));
        assertTrue(DeviceKeys.inRange(concat(fixed(BigInteger.ONE), fixed(N.subtract(BigInteger.ONE)))), "1 and n-1 are the bounds");
        assertTrue(DeviceKeys.inRange(valid));
    }

    @Test
    void keysThatAreNotPointsOfP256AreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceKeys.publicKey(Map.of("kty", "EC", "crv", "P-384", "x", "AA", "y", "AA")));
        assertThrows(IllegalArgumentException.class, () -> DeviceKeys.publicKey(Map.of("kty", "EC", "crv", "P-256",
                "x", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
                "y", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]))), "(0, 0) is not on the curve");
        Map<String, Object> offCurve = new java.util.HashMap<>(jwk(publicKey));
        byte[] y = Base64.getUrlDecoder().decode((String) offCurve.get("y"));
        y[31] ^= 1;
        offCurve.put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(y));
        assertThrows(IllegalArgumentException.class, () -> DeviceKeys.publicKey(offCurve), "a real key with one bit of y flipped");
    }

    static Map<String, Object> jwk(ECPublicKey key) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return Map.of("kty", "EC", "crv", "P-256", "x", base64.encodeToString(fixed(key.getW().getAffineX())),
                "y", base64.encodeToString(fixed(key.getW().getAffineY())));
    }

    /** A number as exactly 32 big-endian bytes. */
    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
        return out;
    }

    private static byte[] ones() {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) 0xFF);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, 64);
        System.arraycopy(b, 0, out, 32, 32);
        return out;
    }
}
