package io.nordicsca.keycloak.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.PlainText;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLock;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The device API at {@code /realms/{realm}/nordic-sca-device} (docs/device-api.yaml): enrollment
 * with proof of possession, then calls signed by the device key (ES256 JWS with {@code jti},
 * {@code iat}, {@code htm}, {@code htu}; each {@code jti} once). Every malformed or refused request
 * gets a 4xx JSON error and, where it concerns a customer, an event; never a 500.
 */
public class DeviceApiResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DeviceApiResource.class);

    static final String ENROLL_TYPE = "nordic-sca-enroll+jwt";
    static final String DEVICE_TYPE = "nordic-sca-device+jwt";
    static final String ROTATE_TYPE = "nordic-sca-rotate+jwt";
    private static final long IAT_WINDOW_SECONDS = 60;
    private static final long JTI_LIFESPAN_SECONDS = 300;
    private static final int MAX_BODY = DeviceJws.MAX_LENGTH;
    /** What a waiting page beyond the caps is told; its script asks again after this. */
    static final int RETRY_AFTER_SECONDS = 3;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WaitingBrowsers waiting;

    DeviceApiResource(KeycloakSession session, WaitingBrowsers waiting) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.waiting = waiting;
    }

    /** A refused request: status, error code, a description for the app's developers and any further fields. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;
        final transient Map<String, Object> fields;

        Refusal(int status, String error, String description) {
            this(status, error, description, Map.of());
        }

        Refusal(int status, String error, String description, Map<String, Object> fields) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.fields = fields;
        }
    }

    /** What a signed call needs of its device: usable (past its activation delay), or only enrolled and not replaced or locked. */
    private enum Need {
        USABLE, ENROLLED
    }

    /** A verified signed call: the device, its user and the payload. */
    private record SignedCall(UserModel user, AppDeviceCredentialModel device, DeviceJws jws) {
    }

    @POST
    @Path("enroll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Response enroll(InputStream body) {
        return answer(() -> {
            String json = read(body);
            Map<String, Object> request;
            try {
                request = JsonSerialization.readValue(json, Map.class);
            } catch (IOException | RuntimeException e) {
                request = null;
            }
            if (request == null) {
                throw new Refusal(400, "invalid_request", "the body must be a JSON object");
            }
            String token = text(request, "token", 64);
            Map<String, Object> jwk = request.get("publicKey") instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            PublicKey key = publicKey(jwk);
            DeviceJws proof = jws(text(request, "proof", MAX_BODY), ENROLL_TYPE);
            if (!proof.verifiedBy(key) || !token.equals(proof.text("token"))) {
                throw new Refusal(400, "invalid_proof", "proof must be signed by publicKey over this token");
            }
            fresh(proof);
            // Everything is checked before the single-use token is taken, and it is taken only once the
            // phone is stored: a refused or failed enrollment leaves the customer's phones and the token as they were.
            String name = optionalText(request, "name", 64, "App");
            String platform = optionalText(request, "platform", 32, "unknown");
            String pushToken = optionalText(request, "pushToken", 4096, null);
            EnrollmentTokens.Grant grant = EnrollmentTokens.peek(session.singleUseObjects(), token);
            if (grant == null || !realm.getId().equals(grant.realmId())) {
                throw new Refusal(400, "invalid_token", "unknown, expired or used enrollment token");
            }
            UserModel user = session.users().getUserById(realm, grant.userId());
            if (user == null || !user.isEnabled()) {
                throw new Refusal(400, "invalid_token", "the token's customer is gone");
            }
            if (FactorLocks.lockedNow(user, Factor.APP)) {
                // A locked app is opened by the bank: activating the app again does not help.
                throw refusedFor(user, 403, "app_locked", "the customer's app is locked; the bank opens it");
            }
            Instant now = Instant.now();
            AppDeviceCredentialModel device = provider().enroll(realm, user, AppDeviceCredentialModel.enrolled(jwk, name, platform, pushToken,
                    now, Instant.ofEpochSecond(now.getEpochSecond() + grant.activationDelaySeconds()), !grant.keepOtherDevices()));
            if (EnrollmentTokens.take(session.singleUseObjects(), token) == null) {
                session.getTransactionManager().setRollbackOnly(); // another request took the token meanwhile: this phone is not stored
                throw new Refusal(400, "invalid_token", "unknown, expired or used enrollment token");
            }
            String deviceId = user.getId() + "." + device.getId();
            EnrollmentTokens.enrolled(session.singleUseObjects(), token, deviceId);
            event(EventType.UPDATE_CREDENTIAL, user).detail(AppEvents.ACTION, AppEvents.ENROLLED).detail(AppEvents.DEVICE, device.getUserLabel())
                    .detail(AppEvents.ACTIVE_FROM, String.valueOf(device.data().activeFrom() / 1000)).success();
            return Response.status(201).entity(Map.of("deviceId", deviceId, "activeFrom", device.data().activeFrom() / 1000)).build();
        });
    }

    @POST
    @Path("challenges/pending")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pending(InputStream body) {
        return answer(() -> {
            SignedCall call = verify(body, "challenges/pending", Need.USABLE);
            String id = Challenges.pendingId(session.singleUseObjects(), realm.getId(), call.user().getId());
            ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), id);
            Instant now = Instant.now();
            boolean open = challenge != null && !challenge.expired(now.getEpochSecond()) && Challenges.answerOf(session.singleUseObjects(), id) == null;
            // The bank's "new device" notice: a phone waiting for its activation delay, which this phone may cancel.
            List<Map<String, Object>> activations = provider().waitingDevices(call.user(), now)
                    .map(device -> Map.<String, Object>of("deviceId", call.user().getId() + "." + device.getId(), "name", device.data().name(),
                            "platform", device.data().platform(), "enrolledAt", device.getCreatedDate() / 1000,
                            "activeFrom", device.data().activeFrom() / 1000))
                    .toList();
            return Response.ok(Map.of("challenges", open ? List.of(challenge.forApp()) : List.of(), "activations", activations)).build();
        });
    }

    @POST
    @Path("challenges/answer")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response answerChallenge(InputStream body) {
        return answer(() -> {
            SignedCall call = verify(body, "challenges/answer", Need.USABLE);
            long now = Instant.now().getEpochSecond();
            ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), call.jws().text("challengeId"));
            if (challenge == null || !challenge.realmId().equals(realm.getId())) {
                throw refusedFor(call.user(), 404, "unknown_challenge", "no such challenge");
            }
            if (!challenge.userId().equals(call.user().getId())) {
                throw refusedFor(call.user(), 403, "not_your_challenge", "the challenge belongs to another customer");
            }
            if (challenge.expired(now)) {
                throw new Refusal(410, "expired", "the challenge has expired");
            }
            String decision = call.jws().text("decision");
            Challenges.Decision recorded = switch (decision == null ? "" : decision) {
                case "approve" -> MessageDigest.isEqual(EventIds.normalize(call.jws().text("eventId")).getBytes(StandardCharsets.UTF_8),
                        challenge.eventId().getBytes(StandardCharsets.UTF_8)) ? Challenges.Decision.APPROVED : Challenges.Decision.WRONG_EVENT_ID;
                case "deny" -> Challenges.Decision.DENIED;
                case "not-me" -> Challenges.Decision.NOT_ME;
                default -> throw new Refusal(400, "invalid_request", "decision must be approve, deny or not-me");
            };
            String error = switch (recorded) {
                case NOT_ME -> AppEvents.NOT_ME;
                case WRONG_EVENT_ID -> AppEvents.WRONG_EVENT_ID;
                default -> AppEvents.DENIED;
            };
            EventBuilder event = event(EventType.LOGIN_ERROR, call.user()).detail(AppEvents.DEVICE, call.device().getUserLabel())
                    .detail(AppEvents.CHALLENGE, challenge.id());
            Answers.Attempt attempt = Answers.Attempt.outsideSignIn(session, call.user(), event, Factor.APP).withWrongAnswerError(error);
            if (Answers.refusal(attempt) != null) {
                // Locked by Keycloak meanwhile (the app's own lock was refused in verify): nothing is recorded.
                throw new Refusal(403, "customer_locked", "the customer is locked; nothing was recorded");
            }
            if (!Challenges.answer(session.singleUseObjects(), challenge, recorded, call.device().getId(), now)) {
                throw new Refusal(409, "already_answered", "the challenge was already answered");
            }
            AnswerAnnouncements.afterCommit(session, waiting, challenge.id());
            // Denials, "not me" and wrong event IDs count towards lockout now, even if the browser never asks again;
            // an approval starts the app's run of answers anew. The answer is claimed first, so it counts once.
            Answers.Verdict verdict = Answers.check(attempt, () -> recorded == Challenges.Decision.APPROVED);
            if (recorded == Challenges.Decision.APPROVED) {
                return Response.ok(Map.of("result", "approved")).build();
            }
            if (recorded == Challenges.Decision.NOT_ME && (verdict.lock() == null || verdict.lock().state() != FactorLock.State.BANK)) {
                Answers.lockByBank(session, realm, call.user(), Factor.APP, "not-me", null, event(EventType.LOGIN_ERROR, call.user()));
            }
            if (recorded == Challenges.Decision.WRONG_EVENT_ID) {
                throw new Refusal(400, "wrong_event_id", "the event ID does not match the browser's");
            }
            return Response.ok(Map.of("result", "denied")).build();
        });
    }

    @POST
    @Path("rotate-key")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    @SuppressWarnings("unchecked")
    public Response rotateKey(InputStream body) {
        return answer(() -> {
            SignedCall call = verify(body, "rotate-key", Need.ENROLLED);
            Map<String, Object> jwk = call.jws().payload().get("publicKey") instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            PublicKey key = publicKey(jwk);
            DeviceJws proof = jws(call.jws().text("proof"), ROTATE_TYPE);
            if (!proof.verifiedBy(key) || !call.jws().text("jti").equals(proof.text("jti"))) {
                throw new Refusal(400, "invalid_proof", "proof must be signed by the new key over this call's jti");
            }
            provider().rotateKey(call.user(), call.device(), jwk);
            event(EventType.UPDATE_CREDENTIAL, call.user()).detail(AppEvents.ACTION, AppEvents.KEY_ROTATED)
                    .detail(AppEvents.DEVICE, call.device().getUserLabel()).success();
            return Response.ok(Map.of("deviceId", call.user().getId() + "." + call.device().getId())).build();
        });
    }

    /**
     * "This new phone is not mine": the customer's usable phone stops the activation of a phone still
     * in its activation delay, which is removed. The bank sees it as an event.
     */
    @POST
    @Path("activations/cancel")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancelActivation(InputStream body) {
        return answer(() -> {
            SignedCall call = verify(body, "activations/cancel", Need.USABLE);
            String target = call.jws().text("deviceId");
            String[] ids = target == null ? new String[0] : target.split("\\.", 2);
            AppDeviceCredentialModel waiting = ids.length == 2 && ids[0].equals(call.user().getId())
                    ? provider().device(call.user(), ids[1]).orElse(null) : null;
            if (waiting == null) {
                throw new Refusal(404, "unknown_activation", "deviceId names no device of this customer");
            }
            if (!waiting.waiting(Instant.now())) {
                throw new Refusal(409, "not_waiting", "this device is not waiting for its activation: already usable, replaced or locked");
            }
            provider().cancel(call.user(), waiting);
            event(EventType.REMOVE_CREDENTIAL, call.user()).detail(AppEvents.ACTION, AppEvents.ACTIVATION_CANCELLED)
                    .detail(AppEvents.DEVICE, waiting.getUserLabel()).detail(AppEvents.CANCELLED_BY, call.device().getUserLabel()).success();
            return Response.ok(Map.of("result", "cancelled", "deviceId", call.user().getId() + "." + waiting.getId())).build();
        });
    }

    /**
     * The waiting browser page's long poll; the key proves it is that page. Parked without a thread
     * until the answer is announced, the challenge expires or the longest wait passes
     * ({@link WaitingBrowsers}); a page beyond the caps is told at once to ask again later.
     */
    @GET
    @Path("challenges/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public void status(@PathParam("id") String id, @QueryParam("key") String key, @Suspended AsyncResponse response,
                       @Context RoutingContext connection) {
        ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), id);
        if (challenge == null || key == null || !challenge.realmId().equals(realm.getId())
                || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), challenge.browserKey().getBytes(StandardCharsets.UTF_8))) {
            response.resume(error(404, "unknown_challenge", "no such challenge"));
            return;
        }
        String now = WaitingBrowsers.status(session.singleUseObjects(), id, challenge.expiresAt());
        if (!WaitingBrowsers.PENDING.equals(now)) {
            response.resume(statusResponse(now));
            return;
        }
        WaitingBrowsers.Waiter waiter = waiting.park(id, challenge.expiresAt());
        if (waiter == null) {
            response.resume(Response.fromResponse(error(429, "too_many_waiting", "too many pages wait for this sign-in or this server; ask again later"))
                    .header("Retry-After", RETRY_AFTER_SECONDS).header("Cache-Control", "no-store").build());
            return;
        }
        // JAX-RS ConnectionCallback is never called by Keycloak 26.7's RESTEasy Reactive; Vert.x tells us.
        connection.addEndHandler(ended -> waiter.left());
        waiter.result().thenAccept(status -> response.resume(statusResponse(status)));
        // An answer announced between the read above and parking would be heard only by the safety net.
        String meanwhile = WaitingBrowsers.status(session.singleUseObjects(), id, challenge.expiresAt());
        if (!WaitingBrowsers.PENDING.equals(meanwhile)) {
            waiter.finish(meanwhile);
        }
    }

    private static Response statusResponse(String status) {
        return Response.ok(Map.of("status", status)).header("Cache-Control", "no-store").type(MediaType.APPLICATION_JSON).build();
    }

    /** Checks a signed call: form, device, signature, device status, htm/htu, iat window, jti once. */
    private SignedCall verify(InputStream body, String path, Need need) {
        DeviceJws jws = jws(read(body), DEVICE_TYPE);
        String kid = jws.header().get("kid") instanceof String value ? value : "";
        String[] ids = kid.split("\\.", 2);
        UserModel user = ids.length == 2 ? session.users().getUserById(realm, ids[0]) : null;
        AppDeviceCredentialModel device = user == null ? null : provider().device(user, ids[1]).orElse(null);
        if (device == null) {
            throw new Refusal(401, "unknown_device", "kid names no device of this realm");
        }
        if (!jws.verifiedBy(DeviceKeys.publicKey(device.data().publicKey()))) {
            throw refusedFor(user, 401, "invalid_signature", "the signature does not verify with the device key");
        }
        if (device.data().status() != AppDeviceStatus.ACTIVE) {
            throw refusedFor(user, 403, "device_not_active", "this device was replaced or locked");
        }
        if (FactorLocks.lockedNow(user, Factor.APP)) {
            throw refusedFor(user, 403, "app_locked", "the customer's app is locked; the bank opens it");
        }
        if (need == Need.USABLE && device.waiting(Instant.now())) {
            long activeFrom = device.data().activeFrom() / 1000;
            // No event: a new phone asking during its delay is expected, not an attack.
            throw new Refusal(403, "not_active_yet", "this device can be used from " + Instant.ofEpochSecond(activeFrom)
                    + " (the bank's activation delay)", Map.of("activeFrom", activeFrom));
        }
        String expectedUrl = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(DeviceApiResourceProviderFactory.ID).path(path).build().toString();
        if (!"POST".equals(jws.text("htm")) || !expectedUrl.equals(jws.text("htu"))) {
            throw refusedFor(user, 400, "invalid_htu", "htm must be POST and htu " + expectedUrl);
        }
        fresh(jws);
        String jti = jws.text("jti");
        if (jti == null || jti.length() < 16 || jti.length() > 128) {
            throw refusedFor(user, 400, "invalid_jti", "jti of 16 to 128 characters is required");
        }
        if (!session.singleUseObjects().putIfAbsent("nordic-sca.app.jti." + device.getId() + "." + jti, JTI_LIFESPAN_SECONDS)) {
            throw refusedFor(user, 400, "replayed", "this jti was already used");
        }
        return new SignedCall(user, device, jws);
    }

    private static void fresh(DeviceJws jws) {
        long iat = jws.number("iat");
        if (Math.abs(Instant.now().getEpochSecond() - iat) > IAT_WINDOW_SECONDS) {
            throw new Refusal(400, "invalid_iat", "iat must be within " + IAT_WINDOW_SECONDS + " s of the server's clock");
        }
    }

    private Refusal refusedFor(UserModel user, int status, String error, String description) {
        event(EventType.LOGIN_ERROR, user).detail(AppEvents.REASON, error).error(AppEvents.BAD_REQUEST);
        return new Refusal(status, error, description);
    }

    private static DeviceJws jws(String compact, String type) {
        try {
            return DeviceJws.parse(compact, type);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_jws", e.getMessage());
        }
    }

    private static PublicKey publicKey(Map<String, Object> jwk) {
        try {
            return DeviceKeys.publicKey(jwk);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_key", e.getMessage());
        }
    }

    private static String read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Refusal(413, "too_large", "bodies are limited to " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refusal(400, "invalid_request", "unreadable body");
        }
    }

    private static String text(Map<String, Object> request, String field, int maxLength) {
        if (!(request.get(field) instanceof String value) || value.isBlank() || value.length() > maxLength || !PlainText.isOneLine(value)) {
            throw new Refusal(400, "invalid_request", field + " is required (at most " + maxLength + " characters of plain text on one line)");
        }
        return value;
    }

    private static String optionalText(Map<String, Object> request, String field, int maxLength, String fallback) {
        Object value = request.get(field);
        if (value == null) {
            return fallback;
        }
        return text(request, field, maxLength);
    }

    private EventBuilder event(EventType type, UserModel user) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type).user(user)
                .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE);
    }

    private AppDeviceCredentialProvider provider() {
        return (AppDeviceCredentialProvider) session.getProvider(org.keycloak.credential.CredentialProvider.class,
                AppDeviceCredentialProviderFactory.PROVIDER_ID);
    }

    private interface Call {
        Response run();
    }

    /**
     * Every refusal becomes its JSON error (4xx); what a refused call recorded on purpose (a wrong
     * event ID, a lockout count, an event) stays. This API faces the internet: input nobody foresaw
     * still gets a 400, nothing it had changed is kept (the transaction is rolled back), and the log
     * says what broke with its cause (never the body, which may hold keys or tokens).
     */
    private Response answer(Call call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            Refusal refusal = refusal(session, e);
            return error(refusal.status, refusal.error, refusal.getMessage(), refusal.fields);
        }
    }

    /** A failed call as its refusal; an unexpected error rolls the transaction back and is logged with its cause. */
    static Refusal refusal(KeycloakSession session, RuntimeException failure) {
        if (failure instanceof Refusal refusal) {
            return refusal;
        }
        session.getTransactionManager().setRollbackOnly();
        LOG.warn("Device API request refused after an unexpected error; its changes are rolled back", failure);
        return new Refusal(400, "invalid_request", "the request could not be processed");
    }

    private static Response error(int status, String error, String description) {
        return error(status, error, description, Map.of());
    }

    private static Response error(int status, String error, String description, Map<String, Object> fields) {
        Map<String, Object> entity = new LinkedHashMap<>(fields);
        entity.put("error", error);
        entity.put("error_description", description);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(entity).build();
    }
}
