package io.nordicsca.companion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The phone's side of the device API (docs/design/app-approval.md), one method per call. The
 * high-level methods ({@link #enroll}, {@link #inbox}, {@link #pending}, {@link #approve}, {@link #deny},
 * {@link #notMe}, {@link #cancelActivation}, {@link #rotateKey}) throw {@link DeviceApiException} when the server refuses;
 * {@link #answer} returns refusals as an {@link Answer}; the low-level methods ({@link #sign},
 * {@link #send}, {@link #signedCall}) return whatever came back, so tests can send replays,
 * stale or tampered requests and see exactly how they are refused. A payment is approved only with
 * the hash the client computes from the payment it shows ({@link Payment#checkedHash()});
 * {@link #answer(String, String, String, String)} signs any hash, for tests.
 *
 * <p>Each instance holds one device. {@link #rotateKey} replaces its keys, so do not rotate while
 * other threads use the same instance.
 */
public final class DeviceClient {

    public static final String APPROVE = "approve";
    public static final String DENY = "deny";
    public static final String NOT_ME = "not-me";
    /** The answer's claim naming the payment approved, by its hash ({@link Payment#ownHash()}). */
    public static final String TRANSACTION_HASH = "transaction_hash";

    public static final String ENROLL_TYP = "nordic-sca-enroll+jwt";
    public static final String DEVICE_TYP = "nordic-sca-device+jwt";
    /** The design note leaves the rotation proof's header open; this is the companion's choice. */
    public static final String ROTATE_TYP = "nordic-sca-rotate+jwt";

    public static final String JOSE = "application/jose";
    public static final String JSON = "application/json";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private volatile Device device;
    private volatile String lastRequestBody;

    public DeviceClient(Device device) {
        this(device, defaultHttpClient());
    }

    public DeviceClient(Device device, HttpClient http) {
        this.device = device;
        this.http = http;
    }

    /**
     * HTTP/1.1 (what a bank's proxies surely speak) and no redirects: a signed request names its
     * URL in {@code htu}, so following a redirect could only fail, or send it where it was not meant to go.
     */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    // ---- Enrollment -------------------------------------------------------------------------

    /**
     * Enrolls a new device with the text of the bank's QR code: makes a key pair, proves
     * possession of it with the token, and returns a client for the device the server created.
     *
     * @param name      shown to the customer and the bank (e.g. "Pixel 8"); omitted when null
     * @param platform  e.g. "android"; omitted when null
     * @param pushToken omitted when null
     */
    public static DeviceClient enroll(String payload, String name, String platform, String pushToken) {
        return enroll(payload, name, platform, pushToken, defaultHttpClient());
    }

    public static DeviceClient enroll(String payload, String name, String platform, String pushToken, HttpClient http) {
        EnrollmentPayload enrollment = EnrollmentPayload.parse(payload);
        DeviceKeys keys = DeviceKeys.generate();
        Map<String, Object> body = enrollmentBody(enrollment.token(), keys, name, platform, pushToken);
        ApiResponse response = post(http, enrollment.api() + "/enroll", JSON, Json.text(body));
        if (!response.ok()) {
            throw response.toException();
        }
        JsonNode json = response.json();
        String deviceId = Json.textOrNull(json, "deviceId");
        if (deviceId == null) {
            throw new DeviceApiException(response.status(), "invalid_response", "The enrollment answer has no deviceId");
        }
        return new DeviceClient(new Device(enrollment.api(), deviceId, keys, json.path("activeFrom").asLong(0)), http);
    }

    /** The JSON body of {@code POST {api}/enroll}; public so tests can tamper with it before {@link #post}. */
    public static Map<String, Object> enrollmentBody(String token, DeviceKeys keys, String name, String platform,
                                                     String pushToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("publicKey", keys.publicJwk());
        putIfPresent(body, "name", name);
        putIfPresent(body, "platform", platform);
        putIfPresent(body, "pushToken", pushToken);
        body.put("proof", enrollmentProof(token, keys, now()));
        return body;
    }

    /** Proof of possession of the new key: the token, signed with it. */
    public static String enrollmentProof(String token, DeviceKeys keys, long iat) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token", token);
        payload.put("iat", iat);
        return Jws.sign(header(ENROLL_TYP, null), payload, keys.privateKey());
    }

    /** One POST, as is. Network failures are UncheckedIOException. */
    public static ApiResponse post(HttpClient http, String url, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("Accept", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            // ConnectException and HttpTimeoutException often say nothing more than their name.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new UncheckedIOException("No answer from " + url + " (" + why + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + url, e);
        }
    }

    // ---- High-level calls -------------------------------------------------------------------

    public Device device() {
        return device;
    }

    /** The sign-ins waiting for this device's answer, and the customer's new phones waiting for activation. */
    public Inbox inbox() {
        ApiResponse response = signedCall("challenges/pending", Map.of());
        if (!response.ok()) {
            throw response.toException();
        }
        List<Challenge> challenges = new ArrayList<>();
        for (JsonNode challenge : response.json().path("challenges")) {
            challenges.add(Challenge.from(challenge));
        }
        List<Activation> activations = new ArrayList<>();
        for (JsonNode activation : response.json().path("activations")) {
            activations.add(Activation.from(activation));
        }
        return new Inbox(challenges, activations);
    }

    /** The sign-ins waiting for this device's answer. */
    public List<Challenge> pending() {
        return inbox().challenges();
    }

    /**
     * Stops the activation of a new phone that is still in its activation delay ("this is not my
     * phone"): the server removes it, and this phone stays the customer's.
     *
     * @param deviceId an {@link Activation#deviceId()} from {@link #inbox()}
     */
    public void cancelActivation(String deviceId) {
        ApiResponse response = signedCall("activations/cancel", Map.of("deviceId", deviceId));
        if (!response.ok()) {
            throw response.toException();
        }
    }

    /**
     * Answers a challenge. Refusals come back as an Answer with the error, not as an exception.
     *
     * @param eventId  the event ID the user confirmed, picked or typed; required for approve,
     *                 left out of the request when null
     * @param decision {@link #APPROVE}, {@link #DENY} or {@link #NOT_ME}
     */
    public Answer answer(String challengeId, String eventId, String decision) {
        return answer(challengeId, eventId, decision, null);
    }

    /**
     * As {@link #answer(String, String, String)}, signing {@code transactionHash} as given, unchecked:
     * {@link #approve(Challenge, String)} signs the hash of the payment it shows; this is for tests of the
     * server's defences (another amount's hash, a hash where the sign-in has no payment).
     *
     * @param transactionHash left out of the request when null
     */
    public Answer answer(String challengeId, String eventId, String decision, String transactionHash) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("challengeId", challengeId);
        fields.put("decision", decision);
        putIfPresent(fields, "eventId", eventId);
        putIfPresent(fields, TRANSACTION_HASH, transactionHash);
        return Answer.from(signedCall("challenges/answer", fields));
    }

    /** Approves a compare-mode challenge with the event ID it showed (the user saw it match). */
    public Answer approve(Challenge challenge) {
        if (!Challenge.COMPARE.equals(challenge.mode()) || challenge.eventId() == null) {
            throw new IllegalArgumentException("In " + challenge.mode()
                    + " mode the user picks or types the event ID: use approve(challenge, eventId)");
        }
        return approve(challenge, challenge.eventId());
    }

    /**
     * Approves with the event ID the user confirmed, picked or typed. For a payment, signs the hash
     * of the payment shown, computed here ({@link Payment#checkedHash()}).
     *
     * @throws PaymentMismatchException when the server's hash is not that of the payment shown; nothing is sent
     */
    public Answer approve(Challenge challenge, String eventId) {
        String transactionHash = challenge.payment() == null ? null : challenge.payment().checkedHash();
        return answer(challenge.id(), eventId, APPROVE, transactionHash).orThrow();
    }

    /** The user started this sign-in but does not want it. */
    public Answer deny(Challenge challenge) {
        return answer(challenge.id(), null, DENY).orThrow();
    }

    /** The user did not start this sign-in: the bank may treat it as an attack. */
    public Answer notMe(Challenge challenge) {
        return answer(challenge.id(), null, NOT_ME).orThrow();
    }

    /**
     * Replaces the device key: the request is signed with the old key, and carries the new public
     * key with a proof by the new key over the same jti (so the proof cannot be reused elsewhere).
     * On success this client uses the new key; the caller must save it ({@link DeviceState}), as
     * the old one is no longer accepted.
     */
    public Device rotateKey() {
        DeviceKeys fresh = DeviceKeys.generate();
        String jti = Jws.newJti();
        long iat = now();
        Map<String, Object> proofPayload = new LinkedHashMap<>();
        proofPayload.put("jti", jti);
        proofPayload.put("iat", iat);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jti", jti);
        fields.put("iat", iat);
        fields.put("publicKey", fresh.publicJwk());
        fields.put("proof", Jws.sign(header(ROTATE_TYP, null), proofPayload, fresh.privateKey()));
        ApiResponse response = signedCall("rotate-key", fields);
        if (!response.ok()) {
            throw response.toException();
        }
        String deviceId = Json.textOrNull(response.json(), "deviceId");
        device = device.withKeys(deviceId == null ? device.deviceId() : deviceId, fresh);
        return device;
    }

    // ---- Low-level calls --------------------------------------------------------------------

    /** Signs and sends; returns the answer as is. */
    public ApiResponse signedCall(String path, Map<String, ?> fields) {
        return send(path, sign(path, fields));
    }

    /**
     * The body of a signed call: a JWS with a fresh {@code jti}, {@code iat} now, {@code htm}
     * "POST" and {@code htu} the full URL, then {@code fields}. A field overrides a claim of the
     * same name, and a field with a null value removes it (for tests: stale iat, wrong htu, no jti).
     *
     * @param path relative to the device API base, e.g. {@code challenges/pending}
     */
    public String sign(String path, Map<String, ?> fields) {
        String url = url(path);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("jti", Jws.newJti());
        payload.put("iat", now());
        payload.put("htm", "POST");
        payload.put("htu", withoutQuery(url));
        if (fields != null) {
            fields.forEach((name, value) -> {
                if (value == null) {
                    payload.remove(name);
                } else {
                    payload.put(name, value);
                }
            });
        }
        return Jws.sign(header(DEVICE_TYP, device.deviceId()), payload, device.keys().privateKey());
    }

    /** POSTs a raw body as {@code application/jose}; with {@link #lastRequestBody()} a test can replay a call byte for byte. */
    public ApiResponse send(String path, String rawBody) {
        return send(path, rawBody, JOSE);
    }

    public ApiResponse send(String path, String rawBody, String contentType) {
        lastRequestBody = rawBody;
        return post(http, url(path), contentType, rawBody);
    }

    /** The body of the latest {@link #send} (every signed call goes through it), or null. */
    public String lastRequestBody() {
        return lastRequestBody;
    }

    /** The full URL of a path under the device API base. */
    public String url(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return device.api() + "/" + relative;
    }

    private static Map<String, Object> header(String typ, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", typ);
        putIfPresent(header, "kid", kid);
        return header;
    }

    private static void putIfPresent(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /** {@code htu} is the URL without query (and fragment), as the design note says. */
    private static String withoutQuery(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
