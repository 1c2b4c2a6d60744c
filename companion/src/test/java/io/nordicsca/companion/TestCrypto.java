package io.nordicsca.companion;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The verifier's side, written separately from the companion's own code (as a server would do
 * it) so that the tests do not check the companion against itself.
 */
final class TestCrypto {

    private TestCrypto() {
    }

    static ECPublicKey publicKey(JsonNode jwk) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        BigInteger x = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("x").asText()));
        BigInteger y = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("y").asText()));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    /** Verifies an ES256 compact JWS: the signature must be exactly R‖S, 64 bytes. */
    static boolean verifies(String jws, ECPublicKey key) throws GeneralSecurityException {
        String[] parts = jws.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        if (signature.length != 64) {
            return false;
        }
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
    }
}
