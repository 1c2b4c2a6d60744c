package io.nordicsca.demoweb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * One trip to Keycloak and back, as this browser's session remembers it: the {@code state} that
 * ties the answer to this browser, the {@code nonce} the ID token must carry, the PKCE verifier,
 * and what was asked for.
 */
record AuthorizationRequest(Purpose purpose, String state, String nonce, String codeVerifier, String language, Instant startedAt) {

    /** Why the customer was sent to the bank, and the level that asks for. */
    enum Purpose {
        SIGN_IN(Level.SCA),
        PAYMENT(Level.SCA_LINKED);

        private final Level level;

        Purpose(Level level) {
            this.level = level;
        }

        Level level() {
            return level;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static AuthorizationRequest start(Purpose purpose, String language, Instant now) {
        return new AuthorizationRequest(purpose, random(24), random(24), random(48), language, now);
    }

    /** PKCE S256 (RFC 7636 §4.2): base64url(SHA-256(ASCII(verifier))). */
    String codeChallenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
