package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class DeviceClientTest {

    private FakeDeviceApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeDeviceApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void enrollsWithJsonAndAProofOfPossession() throws Exception {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", "push-1");

        assertEquals("device-1", client.device().deviceId());
        assertEquals(api.api(), client.device().api());
        assertTrue(client.device().activeFrom() > 0);
        FakeDeviceApi.Request request = api.requests().get(0);
        assertEquals("/enroll", request.path());
        assertEquals("application/json", request.contentType());
        JsonNode body = Json.parse(request.body());
        assertEquals("Pixel 8", body.get("name").asText());
        assertEquals("android", body.get("platform").asText());
        assertEquals("push-1", body.get("pushToken").asText());
        assertEquals(client.device().keys().publicJwk(), Json.MAPPER.convertValue(body.get("publicKey"), Map.class));
        JsonNode proofHeader = Jws.headerOf(body.get("proof").asText());
        assertEquals("{\"alg\":\"ES256\",\"typ\":\"nordic-sca-enroll+jwt\"}", proofHeader.toString());
    }

    @Test
    void aUsedTokenIsRefusedAsADeviceApiException() {
        String payload = api.enrollmentPayload();
        DeviceClient.enroll(payload, "one", "android", null);
        DeviceApiException e = assertThrows(DeviceApiException.class, () -> DeviceClient.enroll(payload, "two", "android", null));
        assertEquals(400, e.status());
        assertEquals("invalid_token", e.error());
    }

    @Test
    void signedCallsCarryJoseAndTheRightClaims() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        assertEquals(List.of(), client.pending());
        assertEquals(List.of(), client.pending());

        List<FakeDeviceApi.Request> calls = api.requests().subList(1, 3);
        for (FakeDeviceApi.Request call : calls) {
            assertEquals("/challenges/pending", call.path());
            assertEquals("application/jose", call.contentType());
            JsonNode header = Jws.headerOf(call.body());
            assertEquals("ES256", header.get("alg").asText());
            assertEquals("nordic-sca-device+jwt", header.get("typ").asText());
            assertEquals("device-1", header.get("kid").asText());
            JsonNode payload = Jws.payloadOf(call.body());
            assertEquals("POST", payload.get("htm").asText());
            assertEquals(api.api() + "/challenges/pending", payload.get("htu").asText());
            assertTrue(Math.abs(payload.get("iat").asLong() - System.currentTimeMillis() / 1000) <= 5);
        }
        assertNotEquals(Jws.payloadOf(calls.get(0).body()).get("jti").asText(), Jws.payloadOf(calls.get(1).body()).get("jti").asText());
        assertEquals(calls.get(1).body(), client.lastRequestBody());
    }

    @Test
    void aReplayedBodyGoesOutByteForByte() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        client.pending();
        ApiResponse replay = client.send("challenges/pending", client.lastRequestBody());
        assertEquals(400, replay.status());
        assertEquals("replay", replay.error());
        assertEquals(api.requests().get(1).body(), api.requests().get(2).body());
    }

    @Test
    void fieldsOverrideOrRemoveClaimsForTests() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        Map<String, Object> stale = Map.of("iat", System.currentTimeMillis() / 1000 - 600);
        assertEquals(400, client.signedCall("challenges/pending", stale).status());
        Map<String, Object> noJti = new HashMap<>();
        noJti.put("jti", null);
        String body = client.sign("/challenges/pending", noJti);
        assertNull(Jws.payloadOf(body).get("jti"));
        assertEquals("replay", client.send("/challenges/pending", body).error());
        assertEquals(415, client.send("challenges/pending", client.sign("challenges/pending", Map.of()), "application/json").status());
    }

    @Test
    void approvesInCompareModeWithTheEventIdShown() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c1", "Online bank", "compare", "K7QM", List.of()));

        Challenge challenge = client.pending().get(0);
        assertEquals("c1", challenge.id());
        assertEquals("Online bank", challenge.client());
        assertEquals("K7QM", challenge.eventId());
        assertEquals("Firefox on Linux", challenge.browser());
        assertTrue(challenge.expiresAt() > challenge.requestedAt());

        Answer answer = client.approve(challenge);
        assertEquals(200, answer.status());
        assertEquals(Answer.APPROVED, answer.result());
        assertEquals(List.of("c1 approve"), api.answers());
        JsonNode sent = Jws.payloadOf(client.lastRequestBody());
        assertEquals("c1", sent.get("challengeId").asText());
        assertEquals("approve", sent.get("decision").asText());
        assertEquals("K7QM", sent.get("eventId").asText());
    }

    @Test
    void aPaymentIsApprovedWithTheHashTheAppComputedFromWhatItShows() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("p1", "Online bank", "compare", "K7QM", List.of(), paymentJson(PaymentTest.EXAMPLE.hash())));

        Challenge challenge = client.pending().get(0);
        assertEquals(PaymentTest.EXAMPLE, challenge.payment());
        assertEquals(Answer.APPROVED, client.approve(challenge).result());
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", Jws.payloadOf(client.lastRequestBody()).get("transaction_hash").asText());
        assertEquals(List.of("p1 approve"), api.answers());
    }

    @Test
    void aServerHashThatIsNotThePaymentShownIsRefusedAndNothingIsSent() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        String otherHash = PaymentTest.EXAMPLE.withAmount("9250.00").ownHash();
        api.addChallenge(new FakeDeviceApi.FakeChallenge("p2", "Online bank", "compare", "K7QM", List.of(), paymentJson(otherHash)));

        Challenge challenge = client.pending().get(0);
        int before = api.requests().size();
        assertThrows(PaymentMismatchException.class, () -> client.approve(challenge));
        assertEquals(before, api.requests().size(), "the app sends no approval of a payment it cannot vouch for");
        assertEquals(List.of(), api.answers());
    }

    @Test
    void testsCanSignAnyHashOrNone() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("p3", "Online bank", "compare", "K7QM", List.of(), paymentJson(PaymentTest.EXAMPLE.hash())));
        Challenge challenge = client.pending().get(0);

        String tampered = challenge.payment().withAmount("9250.00").ownHash();
        Answer refused = client.answer(challenge.id(), "K7QM", DeviceClient.APPROVE, tampered);
        assertEquals("wrong_payment", refused.error());
        assertEquals(tampered, Jws.payloadOf(client.lastRequestBody()).get("transaction_hash").asText());
        assertEquals("wrong_payment", client.answer(challenge.id(), "K7QM", DeviceClient.APPROVE).error());
        assertNull(Jws.payloadOf(client.lastRequestBody()).get("transaction_hash"), "the three-argument answer sends no hash");
    }

    private static Map<String, Object> paymentJson(String hash) {
        Map<String, Object> payment = new HashMap<>();
        payment.put("amount", "1250.00");
        payment.put("currency", "EUR");
        payment.put("payeeName", "Nordic Power Oy");
        payment.put("payeeAccount", "FI2112345600000785");
        payment.put("reference", "Invoice 4711");
        payment.put("hash", hash);
        return payment;
    }

    @Test
    void selectModeNeedsThePickedEventIdAndAWrongOneIsRefused() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c2", "Online bank", "select", "ABCD", List.of("WXYZ", "ABCD", "K7QM")));

        Challenge challenge = client.pending().get(0);
        assertNull(challenge.eventId());
        assertEquals(List.of("WXYZ", "ABCD", "K7QM"), challenge.eventIdOptions());
        assertThrows(IllegalArgumentException.class, () -> client.approve(challenge));

        Answer wrong = client.answer(challenge.id(), "WXYZ", DeviceClient.APPROVE);
        assertEquals(400, wrong.status());
        assertEquals("wrong_event_id", wrong.error());
        DeviceApiException e = assertThrows(DeviceApiException.class, () -> client.approve(challenge, "K7QM"));
        assertEquals("wrong_event_id", e.error());

        assertEquals(Answer.APPROVED, client.approve(challenge, "ABCD").result());
    }

    @Test
    void denyAndNotMeSendNoEventId() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c3", "Online bank", "enter", "ABCD", List.of()));
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c4", "Online bank", "compare", "K7QM", List.of()));
        List<Challenge> pending = client.pending();
        Challenge c3 = pending.stream().filter(c -> c.id().equals("c3")).findFirst().orElseThrow();
        Challenge c4 = pending.stream().filter(c -> c.id().equals("c4")).findFirst().orElseThrow();

        assertEquals(Answer.DENIED, client.deny(c3).result());
        assertNull(Jws.payloadOf(client.lastRequestBody()).get("eventId"));
        assertEquals(Answer.DENIED, client.notMe(c4).result());
        assertEquals("not-me", Jws.payloadOf(client.lastRequestBody()).get("decision").asText());
        assertEquals(List.of("c3 deny", "c4 not-me"), api.answers());
        assertEquals(404, assertThrows(DeviceApiException.class, () -> client.deny(c3)).status());
    }

    @Test
    void theInboxListsANewPhoneWaitingForActivationAndCancellingItSendsItsDeviceId() {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        Activation waiting = new Activation("user.new-phone", "iPhone 15", "ios", 1717234567, 1717238167);
        api.addActivation(waiting);

        Inbox inbox = client.inbox();
        assertEquals(List.of(), inbox.challenges());
        assertEquals(List.of(waiting), inbox.activations());

        client.cancelActivation(waiting.deviceId());
        FakeDeviceApi.Request sent = api.requests().get(api.requests().size() - 1);
        assertEquals("/activations/cancel", sent.path());
        assertEquals("application/jose", sent.contentType());
        assertEquals("user.new-phone", Jws.payloadOf(sent.body()).get("deviceId").asText());
        assertEquals(api.api() + "/activations/cancel", Jws.payloadOf(sent.body()).get("htu").asText());
        assertEquals(List.of("user.new-phone"), api.cancelled());
        assertEquals(List.of(), client.inbox().activations());

        DeviceApiException again = assertThrows(DeviceApiException.class, () -> client.cancelActivation(waiting.deviceId()));
        assertEquals(404, again.status());
        assertEquals("unknown_activation", again.error());
    }

    @Test
    void rotatesTheKeyWithAProofOverTheSameJti() throws Exception {
        DeviceClient client = DeviceClient.enroll(api.enrollmentPayload(), "Pixel 8", "android", null);
        DeviceKeys old = client.device().keys();

        Device rotated = client.rotateKey();
        assertEquals("device-1", rotated.deviceId());
        assertNotEquals(old.publicJwk(), rotated.keys().publicJwk());
        assertEquals(rotated.keys().publicJwk().get("x"), Jws.base64Url(
                trim(api.deviceKey("device-1").getW().getAffineX().toByteArray())));

        JsonNode sent = Jws.payloadOf(client.lastRequestBody());
        JsonNode proof = Jws.payloadOf(sent.get("proof").asText());
        assertEquals(sent.get("jti").asText(), proof.get("jti").asText());
        assertEquals(sent.get("iat").asLong(), proof.get("iat").asLong());
        assertTrue(TestCrypto.verifies(client.lastRequestBody(), TestCrypto.publicKey(Json.MAPPER.valueToTree(old.publicJwk()))));

        assertEquals(List.of(), client.pending(), "signed with the new key now");
        DeviceClient stale = new DeviceClient(new Device(api.api(), "device-1", old, 0));
        assertEquals(401, assertThrows(DeviceApiException.class, stale::pending).status());
    }

    @Test
    void aNonJsonErrorStillBecomesADeviceApiException() {
        DeviceClient client = new DeviceClient(new Device(api.api().replace("nordic-sca-device", "nothing-here"), "d", DeviceKeys.generate(), 0));
        DeviceApiException e = assertThrows(DeviceApiException.class, client::pending);
        assertEquals(404, e.status());
        assertEquals("http_404", e.error());
    }

    /** A coordinate as 32 bytes, the way a JWK has it. */
    private static byte[] trim(byte[] raw) {
        byte[] out = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
