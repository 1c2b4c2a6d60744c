package io.nordicsca.companion;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the server's device API on 127.0.0.1, strict about what the design note asks of
 * a device (content type, header, htm, htu, jti once, iat, signatures), so that the companion's
 * requests are checked the way the real server will check them.
 */
final class FakeDeviceApi implements AutoCloseable {

    static final String BASE = "/realms/test/nordic-sca-device";

    /** One request as it arrived. */
    record Request(String path, String contentType, String body) {
    }

    /**
     * A challenge as the server knows it: with the true event ID whatever the mode and, for a payment,
     * the payment as the server sends it (with its {@code hash}); an approval must carry that hash.
     */
    /** @param purpose non-null for a decoupled (CIBA) request: no ip, no browser */
    record FakeChallenge(String id, String client, String mode, String eventId, List<String> options, Map<String, Object> payment,
                         String purpose) {

        FakeChallenge(String id, String client, String mode, String eventId, List<String> options) {
            this(id, client, mode, eventId, options, null, null);
        }

        FakeChallenge(String id, String client, String mode, String eventId, List<String> options, Map<String, Object> payment) {
            this(id, client, mode, eventId, options, payment, null);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, ECPublicKey> devices = new ConcurrentHashMap<>();
    private final Set<String> seenJtis = new HashSet<>();
    private final Map<String, FakeChallenge> challenges = new ConcurrentHashMap<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final Map<String, Activation> activations = new ConcurrentHashMap<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    /** As the server answers when one attempt is left before the app is blocked for good. */
    private volatile boolean lastAttempt;

    FakeDeviceApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE, exchange -> {
            try {
                handle(exchange);
            } catch (RuntimeException e) {
                respond(exchange, 500, Map.of("error", "server_error", "error_description", String.valueOf(e)));
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String api() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
    }

    /** A fresh single-use token, as the required action would make, and its QR text. */
    String enrollmentPayload() {
        String token = Jws.newJti();
        tokens.add(token);
        return "nordicsca://enroll?api=" + java.net.URLEncoder.encode(api(), StandardCharsets.UTF_8) + "&token=" + token;
    }

    /** From now on, answers that count as wrong carry {@code "lastAttempt": true}. */
    void oneAttemptLeft() {
        lastAttempt = true;
    }

    void addChallenge(FakeChallenge challenge) {
        challenges.put(challenge.id(), challenge);
    }

    /** A new phone of the customer, waiting for its activation delay. */
    void addActivation(Activation activation) {
        activations.put(activation.deviceId(), activation);
    }

    /** The device ids whose activation was cancelled. */
    List<String> cancelled() {
        return cancelled;
    }

    List<Request> requests() {
        return requests;
    }

    /** "challengeId decision" for each accepted answer. */
    List<String> answers() {
        return answers;
    }

    ECPublicKey deviceKey(String deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        requests.add(new Request(path, contentType, body));
        if (!"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 405, "invalid_request", "POST only");
            return;
        }
        if (path.equals("/enroll")) {
            enroll(exchange, contentType, body);
            return;
        }
        if (contentType == null || !contentType.startsWith("application/jose")) {
            error(exchange, 415, "invalid_request", "Signed calls are application/jose");
            return;
        }
        JsonNode payload = verified(exchange, path, body);
        if (payload == null) {
            return;
        }
        String kid = Jws.headerOf(body).get("kid").asText();
        switch (path) {
            case "/challenges/pending" -> pending(exchange);
            case "/challenges/answer" -> answer(exchange, payload);
            case "/activations/cancel" -> cancel(exchange, payload);
            case "/rotate-key" -> rotate(exchange, kid, payload);
            default -> error(exchange, 404, "not_found", path);
        }
    }

    private void enroll(HttpExchange exchange, String contentType, String body) throws IOException {
        if (contentType == null || !contentType.startsWith("application/json")) {
            error(exchange, 415, "invalid_request", "enroll is application/json");
            return;
        }
        JsonNode request = mapper.readTree(body);
        String token = request.path("token").asText();
        if (!tokens.remove(token)) {
            error(exchange, 400, "invalid_token", "Unknown or used enrollment token");
            return;
        }
        try {
            ECPublicKey key = TestCrypto.publicKey(request.get("publicKey"));
            String proof = request.path("proof").asText();
            JsonNode header = Jws.headerOf(proof);
            JsonNode claims = Jws.payloadOf(proof);
            if (!TestCrypto.verifies(proof, key) || !"ES256".equals(header.path("alg").asText())
                    || !DeviceClient.ENROLL_TYP.equals(header.path("typ").asText())
                    || !token.equals(claims.path("token").asText()) || !fresh(claims)) {
                error(exchange, 400, "invalid_proof", "Bad proof of possession");
                return;
            }
            String deviceId = "device-" + (devices.size() + 1);
            devices.put(deviceId, key);
            respond(exchange, 201, Map.of("deviceId", deviceId, "activeFrom", now()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            error(exchange, 400, "invalid_request", String.valueOf(e));
        }
    }

    /** The payload of a correctly signed call, or null after answering with the refusal. */
    private JsonNode verified(HttpExchange exchange, String path, String body) throws IOException {
        try {
            JsonNode header = Jws.headerOf(body);
            JsonNode payload = Jws.payloadOf(body);
            ECPublicKey key = devices.get(header.path("kid").asText());
            if (key == null || !"ES256".equals(header.path("alg").asText())
                    || !DeviceClient.DEVICE_TYP.equals(header.path("typ").asText()) || !TestCrypto.verifies(body, key)) {
                error(exchange, 401, "invalid_signature", "Unknown device or bad signature");
                return null;
            }
            if (!"POST".equals(payload.path("htm").asText()) || !(api() + path).equals(payload.path("htu").asText())) {
                error(exchange, 400, "invalid_request", "htm/htu do not match this request");
                return null;
            }
            if (!fresh(payload)) {
                error(exchange, 400, "invalid_request", "iat is not within 60 s");
                return null;
            }
            String jti = payload.path("jti").asText();
            synchronized (seenJtis) {
                if (jti.length() < 22 || !seenJtis.add(jti)) {
                    error(exchange, 400, "replay", "jti missing, short or used");
                    return null;
                }
            }
            return payload;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            error(exchange, 400, "invalid_request", String.valueOf(e));
            return null;
        }
    }

    private void pending(HttpExchange exchange) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        long now = now();
        for (FakeChallenge challenge : challenges.values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", challenge.id());
            json.put("client", challenge.client());
            json.put("requestedAt", now - 5);
            json.put("expiresAt", now + 115);
            json.put("ip", challenge.purpose() == null ? "203.0.113.7" : "");
            json.put("browser", challenge.purpose() == null ? "Firefox on Linux" : "");
            if (challenge.purpose() != null) {
                json.put("purpose", challenge.purpose());
                json.put("decoupled", true);
            }
            json.put("mode", challenge.mode());
            if (Challenge.COMPARE.equals(challenge.mode())) {
                json.put("eventId", challenge.eventId());
            }
            if (Challenge.SELECT.equals(challenge.mode())) {
                json.put("eventIdOptions", challenge.options());
            }
            if (challenge.payment() != null) {
                json.put("payment", challenge.payment());
            }
            list.add(json);
        }
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (Activation activation : activations.values()) {
            waiting.add(Map.of("deviceId", activation.deviceId(), "name", activation.name(), "platform", activation.platform(),
                    "enrolledAt", activation.enrolledAt(), "activeFrom", activation.activeFrom()));
        }
        respond(exchange, 200, Map.of("challenges", list, "activations", waiting));
    }

    private void cancel(HttpExchange exchange, JsonNode payload) throws IOException {
        String deviceId = payload.path("deviceId").asText();
        if (activations.remove(deviceId) == null) {
            error(exchange, 404, "unknown_activation", "deviceId names no device of this customer");
            return;
        }
        cancelled.add(deviceId);
        respond(exchange, 200, Map.of("result", "cancelled", "deviceId", deviceId));
    }

    private void answer(HttpExchange exchange, JsonNode payload) throws IOException {
        FakeChallenge challenge = challenges.get(payload.path("challengeId").asText());
        if (challenge == null) {
            error(exchange, 404, "unknown_challenge", "No such challenge");
            return;
        }
        String decision = payload.path("decision").asText();
        if (decision.equals(DeviceClient.APPROVE) && !challenge.eventId().equals(payload.path("eventId").asText())) {
            respond(exchange, 400, lastAttempt ? Map.of("error", "wrong_event_id", "error_description", "The event ID does not match", "lastAttempt", true)
                    : Map.of("error", "wrong_event_id", "error_description", "The event ID does not match"));
            return;
        }
        JsonNode hash = payload.get(DeviceClient.TRANSACTION_HASH);
        boolean samePayment = challenge.payment() == null ? hash == null
                : hash != null && hash.asText().equals(challenge.payment().get("hash"));
        if (decision.equals(DeviceClient.APPROVE) && !samePayment) {
            error(exchange, 400, "wrong_payment", "transaction_hash must be the hash of the challenge's payment, and absent without one");
            return;
        }
        if (!List.of(DeviceClient.APPROVE, DeviceClient.DENY, DeviceClient.NOT_ME).contains(decision)) {
            error(exchange, 400, "invalid_request", "Unknown decision");
            return;
        }
        challenges.remove(challenge.id());
        answers.add(challenge.id() + " " + decision);
        respond(exchange, 200, decision.equals(DeviceClient.APPROVE) ? Map.of("result", "approved")
                : lastAttempt ? Map.of("result", "denied", "lastAttempt", true) : Map.of("result", "denied"));
    }

    private void rotate(HttpExchange exchange, String deviceId, JsonNode payload) throws IOException {
        try {
            ECPublicKey fresh = TestCrypto.publicKey(payload.get("publicKey"));
            String proof = payload.path("proof").asText();
            if (!TestCrypto.verifies(proof, fresh)
                    || !payload.path("jti").asText().equals(Jws.payloadOf(proof).path("jti").asText())) {
                error(exchange, 400, "invalid_proof", "Bad proof for the new key");
                return;
            }
            devices.put(deviceId, fresh);
            respond(exchange, 200, Map.of("deviceId", deviceId));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            error(exchange, 400, "invalid_request", String.valueOf(e));
        }
    }

    private static boolean fresh(JsonNode claims) {
        JsonNode iat = claims.get("iat");
        return iat != null && iat.isIntegralNumber() && Math.abs(iat.asLong() - now()) <= 60;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private void error(HttpExchange exchange, int status, String error, String description) throws IOException {
        respond(exchange, status, Map.of("error", error, "error_description", description));
    }

    private void respond(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
