package io.nordicsca.keycloak.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.util.JsonSerialization;

/** The device API's request bodies: what each field must be, checked once, before anything is looked up. */
class DeviceRequestsTest {

    private static final String TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private Map<String, Object> jwk;

    @BeforeEach
    void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        jwk = DeviceKeysTest.jwk((ECPublicKey) generator.generateKeyPair().getPublic());
    }

    @Test
    void anEnrollmentIsReadWithItsDefaults() throws Exception {
        DeviceRequests.Enroll enroll = DeviceRequests.Enroll.parse(json(enrollment()));
        assertEquals(TOKEN, enroll.token());
        assertEquals(jwk, enroll.jwk());
        assertEquals("EC", enroll.publicKey().getAlgorithm());
        assertEquals(TOKEN, enroll.proof().text("token"));
        assertEquals("App", enroll.name());
        assertEquals("unknown", enroll.platform());
        assertNull(enroll.pushToken());
    }

    @Test
    void anEnrollmentKeepsWhatThePhoneSays() throws Exception {
        Map<String, Object> body = enrollment();
        body.put("name", "Anna's phone");
        body.put("platform", "android");
        body.put("pushToken", "p".repeat(4096));
        DeviceRequests.Enroll enroll = DeviceRequests.Enroll.parse(json(body));
        assertEquals("Anna's phone", enroll.name());
        assertEquals("android", enroll.platform());
        assertEquals(4096, enroll.pushToken().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "null", "\"a string\"", "{\"token\":"})
    void aBodyThatIsNoJsonObjectIsRefused(String body) {
        assertRefused("invalid_request", "the body must be a JSON object", () -> DeviceRequests.Enroll.parse(body));
    }

    @Test
    void eachTextFieldIsOneLineOfPlainTextWithinItsLimit() throws Exception {
        Map<String, Integer> limits = Map.of("token", 64, "name", 64, "platform", 32, "pushToken", 4096);
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            String field = limit.getKey();
            for (Object bad : new Object[] {"x".repeat(limit.getValue() + 1), " ", "two\nlines", "right\u202Eleft", "nul\u0000", 42,
                    Map.of("a", "b")}) {
                Map<String, Object> body = enrollment();
                body.put(field, bad);
                DeviceRefusal refusal = assertThrows(DeviceRefusal.class, () -> DeviceRequests.Enroll.parse(json(body)), field + " = " + bad);
                assertEquals(400, refusal.status);
                assertEquals("invalid_request", refusal.error);
                assertTrue(refusal.getMessage().startsWith(field + " is required (at most " + limit.getValue() + " characters"),
                        refusal.getMessage());
            }
            Map<String, Object> atLimit = enrollment();
            atLimit.put(field, "x".repeat(limit.getValue()));
            DeviceRequests.Enroll.parse(json(atLimit)); // the limit itself is allowed
        }
    }

    @Test
    void theTokenIsRequiredAndTheOptionalFieldsMayBeLeftOut() {
        Map<String, Object> body = enrollment();
        body.remove("token");
        assertRefused("invalid_request", "token is required (at most 64 characters of plain text on one line)",
                () -> DeviceRequests.Enroll.parse(json(body)));
    }

    @Test
    void theKeyMustBeAnEcP256Jwk() {
        Map<String, Object> noKey = enrollment();
        noKey.remove("publicKey");
        assertRefused("invalid_key", "publicKey must be an EC P-256 JWK", () -> DeviceRequests.Enroll.parse(json(noKey)));
        Map<String, Object> rsa = enrollment();
        rsa.put("publicKey", Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB"));
        assertRefused("invalid_key", "publicKey must be an EC P-256 JWK", () -> DeviceRequests.Enroll.parse(json(rsa)));
    }

    @Test
    void theProofMustBeAnEnrollmentJws() {
        Map<String, Object> notJws = enrollment();
        notJws.put("proof", "not.a-jws");
        assertRefused("invalid_jws", "not a compact JWS", () -> DeviceRequests.Enroll.parse(json(notJws)));
        Map<String, Object> deviceCall = enrollment();
        deviceCall.put("proof", jws(DeviceCalls.DEVICE_TYPE, Map.of("token", TOKEN)));
        assertRefused("invalid_jws", "typ must be " + DeviceRequests.ENROLL_TYPE, () -> DeviceRequests.Enroll.parse(json(deviceCall)));
    }

    @Test
    void anAnswerNamesItsDecisionOrNone() {
        DeviceRequests.Answer approve = DeviceRequests.Answer.of(call(Map.of("challengeId", "c1", "decision", "approve", "eventId", "12-34")));
        assertEquals(new DeviceRequests.Answer("c1", DeviceRequests.Answer.Decision.APPROVE, "12-34", null), approve);
        assertEquals(DeviceRequests.Answer.Decision.DENY, DeviceRequests.Answer.of(call(Map.of("decision", "deny"))).decision());
        assertEquals(DeviceRequests.Answer.Decision.NOT_ME, DeviceRequests.Answer.of(call(Map.of("decision", "not-me"))).decision());
        for (Object unknown : new Object[] {"APPROVE", "not_me", "", 1}) {
            assertNull(DeviceRequests.Answer.of(call(Map.of("decision", unknown))).decision(), String.valueOf(unknown));
        }
        assertEquals(new DeviceRequests.Answer(null, null, null, null), DeviceRequests.Answer.of(call(Map.of())));
    }

    @Test
    void anAnswerCarriesTheTransactionHashAsSentAndAnythingElseThereAsText() {
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", DeviceRequests.Answer.of(call(Map.of("decision", "approve",
                "transaction_hash", "bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk"))).transactionHash());
        // Not a string, still a claim to some payment: it is kept, to be refused, not dropped as if absent.
        assertEquals("1250", DeviceRequests.Answer.of(call(Map.of("transaction_hash", 1250))).transactionHash());
        assertNull(DeviceRequests.Answer.of(call(Map.of("decision", "approve"))).transactionHash());
    }

    @Test
    void aCancelledActivationNamesAUserAndADevice() {
        assertEquals(new DeviceRequests.CancelActivation(new DeviceId("user", "device.with.dots")),
                DeviceRequests.CancelActivation.of(call(Map.of("deviceId", "user.device.with.dots"))));
        assertEquals(new DeviceRequests.CancelActivation(null), DeviceRequests.CancelActivation.of(call(Map.of("deviceId", "nodot"))));
        assertEquals(new DeviceRequests.CancelActivation(null), DeviceRequests.CancelActivation.of(call(Map.of())));
    }

    @Test
    void aKeyRotationCarriesTheNewKeyAndItsProof() {
        DeviceRequests.RotateKey rotate = DeviceRequests.RotateKey.of(call(Map.of("publicKey", jwk,
                "proof", jws(DeviceRequests.ROTATE_TYPE, Map.of("jti", "j".repeat(16))))));
        assertEquals(jwk, rotate.jwk());
        assertEquals("j".repeat(16), rotate.proof().text("jti"));
        assertRefused("invalid_key", "publicKey must be an EC P-256 JWK", () -> DeviceRequests.RotateKey.of(call(Map.of())));
        assertRefused("invalid_jws", "a JWS of at most " + DeviceJws.MAX_LENGTH + " characters is required",
                () -> DeviceRequests.RotateKey.of(call(Map.of("publicKey", jwk))));
    }

    private static void assertRefused(String error, String description, Runnable parse) {
        DeviceRefusal refusal = assertThrows(DeviceRefusal.class, parse::run);
        assertEquals(400, refusal.status);
        assertEquals(error, refusal.error);
        assertEquals(description, refusal.getMessage());
    }

    private Map<String, Object> enrollment() {
        Map<String, Object> body = new HashMap<>();
        body.put("token", TOKEN);
        body.put("publicKey", jwk);
        body.put("proof", jws(DeviceRequests.ENROLL_TYPE, Map.of("token", TOKEN, "iat", 1_800_000_000L)));
        return body;
    }

    /** A signed call's parsed payload (its signature is the verifier's business, not the parser's). */
    private static DeviceJws call(Map<String, Object> payload) {
        return DeviceJws.parse(jws(DeviceCalls.DEVICE_TYPE, payload), DeviceCalls.DEVICE_TYPE);
    }

    private static String jws(String type, Map<String, Object> payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(json(Map.of("alg", "ES256", "typ", type)).getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(json(payload).getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(new byte[64]);
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
