package io.nordicsca.demoweb;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nordicsca.demoweb.TokenRefused.Reason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdTokenVerifierTest {

    private static final String ISSUER = "http://localhost:8080/realms/nordic-bank";
    private static final String CLIENT = "nordic-bank-web";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static final long NOW = 1_800_000_000L;

    // RSA key generation is slow: one key pair each for the class.
    private static final TestTokens realm = new TestTokens("realm-key-1");
    private static final TestTokens attacker = new TestTokens("realm-key-1");
    private final IdTokenVerifier verifier = new IdTokenVerifier(ISSUER, CLIENT, Jwks.parse(realm.jwks())::key,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private Map<String, Object> claims() {
        return new HashMap<>(TestTokens.claims(ISSUER, CLIENT, NONCE, NOW));
    }

    @Test
    void acceptsTheRealmsTokenAndReadsItsClaims() throws TokenRefused {
        VerifiedIdToken token = verifier.verify(realm.sign(claims()), NONCE);
        assertEquals("realm-key-1", token.keyId());
        assertEquals("urn:nordic-sca:loa:sca", token.claim("acr"));
        assertEquals(Instant.ofEpochSecond(NOW + 300), token.expiresAt());
    }

    @Test
    void refusesATokenSignedWithAnotherKeyUnderTheSameKeyId() {
        assertRefused(Reason.SIGNATURE, attacker.sign(claims()));
    }

    @Test
    void refusesATokenWhoseClaimsWereChangedAfterSigning() {
        String[] parts = realm.sign(claims()).split("\\.");
        Map<String, Object> changed = claims();
        changed.put("acr", "urn:nordic-sca:loa:sca-linked");
        assertRefused(Reason.SIGNATURE, parts[0] + "." + TestTokens.part(Json.text(changed)) + "." + parts[2]);
    }

    @Test
    void refusesAnUnsignedTokenAndOtherAlgorithms() {
        String payload = TestTokens.part(Json.text(claims()));
        assertRefused(Reason.ALGORITHM, TestTokens.part("{\"alg\":\"none\"}") + "." + payload + ".");
        assertRefused(Reason.ALGORITHM, realm.sign(Map.of("alg", "HS256", "kid", "realm-key-1"), claims()));
        assertRefused(Reason.ALGORITHM, realm.sign(Map.of("alg", "RS512", "kid", "realm-key-1"), claims()));
    }

    @Test
    void refusesAKeyIdTheRealmDoesNotPublish() {
        assertRefused(Reason.UNKNOWN_KEY, realm.sign(Map.of("alg", "RS256", "kid", "other-key"), claims()));
        assertRefused(Reason.UNKNOWN_KEY, realm.sign(Map.of("alg", "RS256"), claims()));
    }

    @Test
    void refusesAnotherIssuer() {
        Map<String, Object> claims = claims();
        claims.put("iss", "http://localhost:8080/realms/other-bank");
        assertRefused(Reason.ISSUER, realm.sign(claims));
        claims.put("iss", ISSUER + "/");
        assertRefused(Reason.ISSUER, realm.sign(claims));
    }

    @Test
    void refusesATokenForAnotherClient() {
        Map<String, Object> claims = claims();
        claims.put("aud", "another-web-app");
        assertRefused(Reason.AUDIENCE, realm.sign(claims));
        claims.put("aud", List.of("another-web-app", CLIENT));
        claims.put("azp", "another-web-app");
        assertRefused(Reason.AUDIENCE, realm.sign(claims), "several audiences: azp must be this client");
        claims.remove("aud");
        assertRefused(Reason.AUDIENCE, realm.sign(claims));
    }

    @Test
    void acceptsSeveralAudiencesWhenThisClientIsTheAuthorizedParty() throws TokenRefused {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of("account", CLIENT));
        verifier.verify(realm.sign(claims), NONCE);
    }

    @Test
    void refusesAnExpiredToken() {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW - IdTokenVerifier.CLOCK_SKEW.toSeconds() - 1);
        assertRefused(Reason.EXPIRED, realm.sign(claims));
        claims.remove("exp");
        assertRefused(Reason.EXPIRED, realm.sign(claims));
    }

    @Test
    void refusesAnotherRequestsNonce() {
        assertThrowsReason(Reason.NONCE, () -> verifier.verify(realm.sign(claims()), "another-nonce"));
        Map<String, Object> claims = claims();
        claims.remove("nonce");
        assertRefused(Reason.NONCE, realm.sign(claims));
    }

    @Test
    void aDecoupledIdentificationHasNoNonceButEveryOtherCheck() throws TokenRefused {
        Map<String, Object> claims = claims();
        claims.remove("nonce");
        assertEquals("urn:nordic-sca:loa:sca", verifier.verifyDecoupled(realm.sign(claims)).claim("acr"));
        assertThrowsReason(Reason.NONCE, () -> verifier.verify(realm.sign(claims), NONCE), "a browser's sign-in still needs its nonce");
        assertThrowsReason(Reason.SIGNATURE, () -> verifier.verifyDecoupled(attacker.sign(claims)));
        claims.put("aud", "another-web-app");
        assertThrowsReason(Reason.AUDIENCE, () -> verifier.verifyDecoupled(realm.sign(claims)));
        claims.put("aud", CLIENT);
        claims.put("exp", NOW - IdTokenVerifier.CLOCK_SKEW.toSeconds() - 1);
        assertThrowsReason(Reason.EXPIRED, () -> verifier.verifyDecoupled(realm.sign(claims)));
    }

    @Test
    void refusesWhatIsNotAToken() {
        assertRefused(Reason.MALFORMED, null);
        assertRefused(Reason.MALFORMED, "a.b");
        assertRefused(Reason.MALFORMED, "###.###.###");
    }

    private void assertRefused(Reason reason, String token) {
        assertRefused(reason, token, null);
    }

    private void assertRefused(Reason reason, String token, String why) {
        assertThrowsReason(reason, () -> verifier.verify(token, NONCE), why);
    }

    private static void assertThrowsReason(Reason reason, org.junit.jupiter.api.function.Executable call) {
        assertThrowsReason(reason, call, null);
    }

    private static void assertThrowsReason(Reason reason, org.junit.jupiter.api.function.Executable call, String why) {
        assertEquals(reason, assertThrows(TokenRefused.class, call, why).reason(), why);
    }
}
