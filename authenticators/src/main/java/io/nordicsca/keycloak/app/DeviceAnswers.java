package io.nordicsca.keycloak.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLock;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.payment.PaymentEvents;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What the device API does with a parsed request ({@link DeviceRequests}) once its call is verified
 * ({@link DeviceCalls}): enroll a phone, list what waits for it, record its answer to a sign-in
 * (through lockout's {@link Answers}, like every factor's answer), rotate its key, cancel a new
 * phone's activation. Each returns the success answer or throws a {@link DeviceRefusal}.
 */
final class DeviceAnswers {

    /** In the answer to a wrong answer (denial, wrong event ID, another payment) after which one more blocks the app for good. */
    static final String LAST_ATTEMPT = "lastAttempt";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WaitingBrowsers waiting;
    private final DeviceCalls calls;

    DeviceAnswers(KeycloakSession session, WaitingBrowsers waiting, DeviceCalls calls) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.waiting = waiting;
        this.calls = calls;
    }

    /** A new phone, proven to hold its key, stored for the token's customer (201). */
    Response enroll(DeviceRequests.Enroll request) {
        if (!request.proof().verifiedBy(request.publicKey()) || !request.token().equals(request.proof().text("token"))) {
            throw new DeviceRefusal(400, "invalid_proof", "proof must be signed by publicKey over this token");
        }
        DeviceCalls.fresh(request.proof());
        // Everything is checked before the single-use token is taken, and it is taken only once the
        // phone is stored: a refused or failed enrollment leaves the customer's phones and the token as they were.
        EnrollmentTokens.Grant grant = EnrollmentTokens.peek(session.singleUseObjects(), request.token());
        if (grant == null || !realm.getId().equals(grant.realmId())) {
            throw new DeviceRefusal(400, "invalid_token", "unknown, expired or used enrollment token");
        }
        UserModel user = session.users().getUserById(realm, grant.userId());
        if (user == null || !user.isEnabled()) {
            throw new DeviceRefusal(400, "invalid_token", "the token's customer is gone");
        }
        if (FactorLocks.lockedNow(user, Factor.APP)) {
            // A locked app is opened by the bank: activating the app again does not help.
            throw calls.refusedFor(user, 403, "app_locked", "the customer's app is locked; the bank opens it");
        }
        Instant now = Instant.now();
        AppDeviceCredentialModel device = calls.provider().enroll(realm, user, AppDeviceCredentialModel.enrolled(request.jwk(),
                request.name(), request.platform(), request.pushToken(), now,
                Instant.ofEpochSecond(now.getEpochSecond() + grant.activationDelaySeconds()), !grant.keepOtherDevices()));
        if (EnrollmentTokens.take(session.singleUseObjects(), request.token()) == null) {
            session.getTransactionManager().setRollbackOnly(); // another request took the token meanwhile: this phone is not stored
            throw new DeviceRefusal(400, "invalid_token", "unknown, expired or used enrollment token");
        }
        String deviceId = DeviceId.of(user, device).toString();
        EnrollmentTokens.enrolled(session.singleUseObjects(), request.token(), deviceId);
        calls.event(EventType.UPDATE_CREDENTIAL, user).detail(AppEvents.ACTION, AppEvents.ENROLLED).detail(AppEvents.DEVICE, device.getUserLabel())
                .detail(AppEvents.ACTIVE_FROM, String.valueOf(device.data().activeFrom() / 1000)).success();
        return Response.status(201).entity(Map.of("deviceId", deviceId, "activeFrom", device.data().activeFrom() / 1000)).build();
    }

    /** The customer's open sign-in request, if any, and the bank's "new device" notices: phones in their activation delay. */
    Response pending(DeviceCalls.SignedCall call) {
        String id = Challenges.pendingId(session.singleUseObjects(), realm.getId(), call.user().getId());
        ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), id);
        Instant now = Instant.now();
        boolean open = challenge != null && !challenge.expired(now.getEpochSecond()) && Challenges.answerOf(session.singleUseObjects(), id) == null;
        List<Map<String, Object>> activations = calls.provider().waitingDevices(call.user(), now)
                .map(device -> Map.<String, Object>of("deviceId", DeviceId.of(call.user(), device).toString(), "name", device.data().name(),
                        "platform", device.data().platform(), "enrolledAt", device.getCreatedDate() / 1000,
                        "activeFrom", device.data().activeFrom() / 1000))
                .toList();
        return Response.ok(Map.of("challenges", open ? List.of(challenge.forApp()) : List.of(), "activations", activations)).build();
    }

    /**
     * The phone's answer to a sign-in: claimed once, announced to the waiting page after commit, and
     * counted by lockout (denials, "not me", wrong event IDs and approvals of another payment are
     * wrong answers; "not me" also locks the app until the bank opens it, even when Keycloak's
     * account-wide lock refuses the answer). A wrong answer after which one more blocks the app for
     * good says so ({@value #LAST_ATTEMPT}), so the app can warn the customer.
     */
    Response answer(DeviceCalls.SignedCall call, DeviceRequests.Answer request) {
        long now = Instant.now().getEpochSecond();
        ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), request.challengeId());
        if (challenge == null || !challenge.realmId().equals(realm.getId())) {
            throw calls.refusedFor(call.user(), 404, "unknown_challenge", "no such challenge");
        }
        if (!challenge.userId().equals(call.user().getId())) {
            throw calls.refusedFor(call.user(), 403, "not_your_challenge", "the challenge belongs to another customer");
        }
        if (challenge.expired(now)) {
            throw new DeviceRefusal(410, "expired", "the challenge has expired");
        }
        if (request.decision() == null) {
            throw new DeviceRefusal(400, "invalid_request", "decision must be approve, deny or not-me");
        }
        Challenges.Decision recorded = switch (request.decision()) {
            case APPROVE -> !sameText(EventIds.normalize(request.eventId()), EventIds.normalize(challenge.eventId())) ? Challenges.Decision.WRONG_EVENT_ID
                    : !samePayment(challenge, request.transactionHash()) ? Challenges.Decision.WRONG_PAYMENT : Challenges.Decision.APPROVED;
            case DENY -> Challenges.Decision.DENIED;
            case NOT_ME -> Challenges.Decision.NOT_ME;
        };
        String error = switch (recorded) {
            case NOT_ME -> AppEvents.NOT_ME;
            case WRONG_EVENT_ID -> AppEvents.WRONG_EVENT_ID;
            case WRONG_PAYMENT -> AppEvents.WRONG_PAYMENT;
            default -> AppEvents.DENIED;
        };
        EventBuilder event = calls.event(EventType.LOGIN_ERROR, call.user()).detail(AppEvents.DEVICE, call.device().getUserLabel())
                .detail(AppEvents.CHALLENGE, challenge.id());
        if (challenge.payment() != null) {
            event.detail(PaymentEvents.PAYMENT_HASH, challenge.payment().hash());
        }
        Answers.Attempt attempt = Answers.Attempt.outsideSignIn(session, call.user(), event, Factor.APP).withWrongAnswerError(error);
        Answers.Verdict refused = Answers.refusal(attempt);
        if (refused != null) {
            // Locked by Keycloak meanwhile (the app's own lock was refused in verify): the answer is not recorded,
            // but "this was not me" is never lost: the bank must still see the app locked for it to open.
            if (recorded == Challenges.Decision.NOT_ME) {
                lockForNotMe(call.user(), refused.lock());
                throw new DeviceRefusal(403, "customer_locked", "the customer is locked; the app is now locked until the bank opens it");
            }
            throw new DeviceRefusal(403, "customer_locked", "the customer is locked; nothing was recorded");
        }
        if (!Challenges.answer(session.singleUseObjects(), challenge, recorded, call.device().getId(),
                recorded == Challenges.Decision.APPROVED ? request.transactionHash() : null, now)) {
            throw new DeviceRefusal(409, "already_answered", "the challenge was already answered");
        }
        AnswerAnnouncements.afterCommit(session, waiting, challenge.id());
        // A CIBA request is completed after our answer is committed: approved by an approval only, denied by anything else.
        CibaRequests.answered(session, challenge, recorded);
        // Denials, "not me" and wrong event IDs count towards lockout now, even if the browser never asks again;
        // an approval starts the app's run of answers anew. The answer is claimed first, so it counts once.
        Answers.Verdict verdict = Answers.check(attempt, () -> recorded == Challenges.Decision.APPROVED);
        if (recorded == Challenges.Decision.APPROVED) {
            return Response.ok(Map.of("result", "approved")).build();
        }
        if (recorded == Challenges.Decision.NOT_ME) {
            lockForNotMe(call.user(), verdict.lock());
            return Response.ok(Map.of("result", "denied")).build();
        }
        // PSD2 RTS art. 4: the app warns the customer before the answer that would block it for good.
        Map<String, Object> warning = verdict.lastAttempt() ? Map.of(LAST_ATTEMPT, true) : Map.of();
        if (recorded == Challenges.Decision.WRONG_EVENT_ID) {
            throw new DeviceRefusal(400, "wrong_event_id", challenge.decoupled() ? "the event ID does not match the caller's"
                    : "the event ID does not match the browser's", warning);
        }
        if (recorded == Challenges.Decision.WRONG_PAYMENT) {
            throw new DeviceRefusal(400, "wrong_payment", challenge.payment() == null
                    ? "this sign-in has no payment: an approval carries no transaction_hash"
                    : "transaction_hash must be the hash of the challenge's payment", warning);
        }
        Map<String, Object> denied = new LinkedHashMap<>(Map.of("result", "denied"));
        denied.putAll(warning);
        return Response.ok(denied).build();
    }

    /** "This was not me": the app is locked until the bank opens it (unless the bank's lock is on already). */
    private void lockForNotMe(UserModel user, FactorLock lock) {
        if (lock == null || lock.state() != FactorLock.State.BANK) {
            Answers.lockByBank(session, realm, user, Factor.APP, "not-me", null, calls.event(EventType.LOGIN_ERROR, user));
        }
    }

    /**
     * Dynamic linking: an approval names exactly the challenge's payment by the hash the app computed
     * from what it showed, and names none when the sign-in has no payment (so an app never believes it
     * approved a payment the bank does not know of). Compared in constant time.
     */
    static boolean samePayment(ApprovalChallenge challenge, String transactionHash) {
        if (challenge.payment() == null || transactionHash == null) {
            return challenge.payment() == null && transactionHash == null;
        }
        return sameText(transactionHash, challenge.payment().hash());
    }

    /** Equal texts, compared in constant time (for equal lengths). */
    private static boolean sameText(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The device's new key, proven by a signature over this call's jti; also for a phone still in its activation delay. */
    Response rotateKey(DeviceCalls.SignedCall call, DeviceRequests.RotateKey request) {
        if (!request.proof().verifiedBy(request.publicKey()) || !call.jws().text("jti").equals(request.proof().text("jti"))) {
            throw new DeviceRefusal(400, "invalid_proof", "proof must be signed by the new key over this call's jti");
        }
        calls.provider().rotateKey(call.user(), call.device(), request.jwk());
        calls.event(EventType.UPDATE_CREDENTIAL, call.user()).detail(AppEvents.ACTION, AppEvents.KEY_ROTATED)
                .detail(AppEvents.DEVICE, call.device().getUserLabel()).success();
        return Response.ok(Map.of("deviceId", call.deviceId())).build();
    }

    /**
     * "This new phone is not mine": the customer's usable phone stops the activation of a phone still
     * in its activation delay, which is removed. The bank sees it as an event.
     */
    Response cancelActivation(DeviceCalls.SignedCall call, DeviceRequests.CancelActivation request) {
        DeviceId named = request.deviceId();
        AppDeviceCredentialModel target = named != null && call.user().getId().equals(named.userId())
                ? calls.provider().device(call.user(), named.credentialId()).orElse(null) : null;
        if (target == null) {
            throw new DeviceRefusal(404, "unknown_activation", "deviceId names no device of this customer");
        }
        if (!target.waiting(Instant.now())) {
            throw new DeviceRefusal(409, "not_waiting", "this device is not waiting for its activation: already usable, replaced or locked");
        }
        calls.provider().cancel(call.user(), target);
        calls.event(EventType.REMOVE_CREDENTIAL, call.user()).detail(AppEvents.ACTION, AppEvents.ACTIVATION_CANCELLED)
                .detail(AppEvents.DEVICE, target.getUserLabel()).detail(AppEvents.CANCELLED_BY, call.device().getUserLabel()).success();
        return Response.ok(Map.of("result", "cancelled", "deviceId", DeviceId.of(call.user(), target).toString())).build();
    }
}
