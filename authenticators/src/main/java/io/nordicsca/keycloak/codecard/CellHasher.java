package io.nordicsca.keycloak.codecard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals one code-card cell as NIST SP 800-63B asks of look-up secrets: a random salt per cell
 * (64 bits) and a password-hashing function (PBKDF2-HMAC-SHA256) with a tuned iteration count.
 * A sealed cell is {@code base64(salt || hash)}; the code itself is never stored.
 *
 * <p>A 6-digit cell has only 10^6 values, so no hash cost alone stops a determined offline
 * attacker who holds the database. So the code is first keyed with the server's pepper
 * (HMAC-SHA256 with a secret kept outside the database, see {@link CellPeppers}), and PBKDF2 runs
 * over that: a copy of the database without the pepper cannot check a single guess. Cells sealed
 * without a pepper (cards issued before it) are PBKDF2 of the code alone and still verify.
 * See docs/benchmarks.md for the chosen cost and its price.
 */
final class CellHasher {

    static final String ALGORITHM = "pbkdf2-sha256";
    /** Chosen with CodeCardBenchmark so that issuing a 100-cell card stays well above 20 cards/s on 2 cores. */
    static final int DEFAULT_ITERATIONS = 1_500;

    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PEPPER_MAC = "HmacSHA256";
    private static final int SALT_BYTES = 8;
    private static final int HASH_BITS = 128;

    private CellHasher() {
    }

    /** @param pepper the server's current pepper, or null to seal the code alone (no pepper configured) */
    static String seal(String code, int iterations, byte[] pepper, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = hash(code, salt, iterations, pepper);
        byte[] sealed = Arrays.copyOf(salt, SALT_BYTES + hash.length);
        System.arraycopy(hash, 0, sealed, SALT_BYTES, hash.length);
        return Base64.getEncoder().encodeToString(sealed);
    }

    /**
     * True when the answer is the sealed code; the comparison takes the same time either way.
     *
     * @param pepper the pepper the cell was sealed with, or null for a cell sealed without one
     */
    static boolean matches(String sealed, String answer, int iterations, byte[] pepper) {
        byte[] stored = Base64.getDecoder().decode(sealed);
        byte[] salt = Arrays.copyOfRange(stored, 0, SALT_BYTES);
        byte[] expected = Arrays.copyOfRange(stored, SALT_BYTES, stored.length);
        return MessageDigest.isEqual(expected, hash(answer, salt, iterations, pepper));
    }

    private static byte[] hash(String code, byte[] salt, int iterations, byte[] pepper) {
        char[] input = pepper == null ? code.toCharArray() : Base64.getEncoder().encodeToString(keyed(code, pepper)).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(input, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM offers no " + JCA_ALGORITHM, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(input, '\0');
        }
    }

    /** HMAC-SHA256 of the code under the pepper. */
    private static byte[] keyed(String code, byte[] pepper) {
        try {
            Mac mac = Mac.getInstance(PEPPER_MAC);
            mac.init(new SecretKeySpec(pepper, PEPPER_MAC));
            return mac.doFinal(code.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM offers no " + PEPPER_MAC, e);
        }
    }
}
