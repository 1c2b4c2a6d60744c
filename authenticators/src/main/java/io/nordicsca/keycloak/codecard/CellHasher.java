package io.nordicsca.keycloak.codecard;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Seals one code-card cell as NIST SP 800-63B asks of look-up secrets: a random salt per cell
 * (64 bits) and a password-hashing function (PBKDF2-HMAC-SHA256) with a tuned iteration count.
 * A sealed cell is {@code base64(salt || hash)}; the code itself is never stored.
 *
 * <p>A 6-digit cell has only 10^6 values, so no hash cost stops a determined offline attacker who
 * holds the database; the cost and per-cell salts make cracking a whole card (and many users'
 * cards) slow and expensive. See docs/benchmarks.md for the chosen cost and its price.
 */
final class CellHasher {

    static final String ALGORITHM = "pbkdf2-sha256";
    /** Chosen with CodeCardBenchmark so that issuing a 100-cell card stays well above 20 cards/s on 2 cores. */
    static final int DEFAULT_ITERATIONS = 1_500;

    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 8;
    private static final int HASH_BITS = 128;

    private CellHasher() {
    }

    static String seal(String code, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = hash(code, salt, iterations);
        byte[] sealed = Arrays.copyOf(salt, SALT_BYTES + hash.length);
        System.arraycopy(hash, 0, sealed, SALT_BYTES, hash.length);
        return Base64.getEncoder().encodeToString(sealed);
    }

    /** True when the answer is the sealed code; the comparison takes the same time either way. */
    static boolean matches(String sealed, String answer, int iterations) {
        byte[] stored = Base64.getDecoder().decode(sealed);
        byte[] salt = Arrays.copyOfRange(stored, 0, SALT_BYTES);
        byte[] expected = Arrays.copyOfRange(stored, SALT_BYTES, stored.length);
        return MessageDigest.isEqual(expected, hash(answer, salt, iterations));
    }

    private static byte[] hash(String code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM offers no " + JCA_ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }
}
