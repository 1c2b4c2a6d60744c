package io.nordicsca.keycloak.app;

import java.util.HashMap;
import java.util.Map;

import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where challenges and their answers live: Keycloak's single-use store, so whichever node the app
 * calls and whichever node the browser waits on, both see the same state. A challenge is written
 * once; it ends once ({@code putIfAbsent} on its claim), by the app's answer or, unanswered, by the
 * browser's Cancel, its expiry or the customer's next request, so a replayed or second ending loses.
 *
 * <p>Push fatigue: a sign-in's request that reached the phone and ended without the customer's
 * answer counts once as a wrong answer of the app, through lockout's one pipeline
 * ({@link Answers#check} with an answer that is never right), whichever of these ends it
 * ({@link #endUnanswered}, {@link #endLatest}). The customer's latest request is remembered a day
 * past its expiry, so a browser that walks away does not escape: the next request counts it.
 */
final class Challenges {

    /**
     * How an answered challenge ended. WRONG_PAYMENT: an approval whose {@code transaction_hash} is
     * not the challenge's payment (or names a payment where there is none, or none where there is one).
     */
    enum Decision { APPROVED, DENIED, NOT_ME, WRONG_EVENT_ID, WRONG_PAYMENT, CANCELLED }

    /** @param transactionHash for an approval of a payment, the hash the app signed (the device API checked it); else null */
    record Answer(Decision decision, String deviceId, String transactionHash) {
    }

    private static final String PREFIX = "nordic-sca.app.";
    /** Answers and challenges outlive their expiry a little, so a late browser still reads what happened. */
    private static final long GRACE_SECONDS = 300;
    /**
     * How long past its expiry the customer's latest request is remembered: the next request within
     * this time ends it and counts it if nobody answered it. A claim outlives it, so nothing ends twice.
     */
    static final long LATEST_KEPT_SECONDS = 24L * 3600;

    private Challenges() {
    }

    static void create(SingleUseObjectProvider store, ApprovalChallenge challenge, long now) {
        long lifespan = challenge.expiresAt() - now + GRACE_SECONDS;
        store.put(PREFIX + "challenge." + challenge.id(), lifespan, challenge.toNotes());
        store.put(pendingKey(challenge.realmId(), challenge.userId()), challenge.expiresAt() - now + LATEST_KEPT_SECONDS,
                Map.of("id", challenge.id(), "expiresAt", String.valueOf(challenge.expiresAt()), "decoupled", String.valueOf(challenge.decoupled())));
    }

    static ApprovalChallenge get(SingleUseObjectProvider store, String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{16,64}")) {
            return null;
        }
        Map<String, String> notes = store.get(PREFIX + "challenge." + id);
        return notes == null ? null : ApprovalChallenge.of(notes);
    }

    /**
     * The id of the user's latest challenge, if any: the one that may still be open (a new request ends
     * it). It stays after an answer; whether it is still open is the caller's to check.
     */
    static String pendingId(SingleUseObjectProvider store, String realmId, String userId) {
        Map<String, String> pending = store.get(pendingKey(realmId, userId));
        return pending == null ? null : pending.get("id");
    }

    /** Records the answer if the challenge has none yet; false when it was already answered or ended. */
    static boolean answer(SingleUseObjectProvider store, ApprovalChallenge challenge, Decision decision, String deviceId,
                          String transactionHash, long now) {
        if (!claim(store, challenge.id(), challenge.expiresAt(), now)) {
            return false;
        }
        record(store, challenge.id(), challenge.expiresAt(), decision, deviceId, transactionHash, now);
        return true;
    }

    /**
     * Ends {@code challenge}, which the customer has not answered (the browser's Cancel, or its expiry seen
     * by the browser): see {@link #end}. {@code attempt} is lockout's view of the customer, here in this sign-in.
     */
    static Answers.Verdict endUnanswered(Answers.Attempt attempt, ApprovalChallenge challenge, String eventError, long now) {
        return end(attempt, challenge.id(), challenge.expiresAt(), challenge.decoupled(), challenge, eventError, now);
    }

    /**
     * Ends the customer's latest request before a new one replaces it, however long ago it expired
     * (within {@link #LATEST_KEPT_SECONDS}), from any browser, node or CIBA request: see {@link #end};
     * counted as expired or as superseded. {@code attempt} is lockout's view of the customer who asks anew.
     */
    static Answers.Verdict endLatest(Answers.Attempt attempt, long now) {
        SingleUseObjectProvider store = attempt.session().singleUseObjects();
        Map<String, String> latest = store.get(pendingKey(attempt.realm().getId(), attempt.user().getId()));
        ApprovalChallenge challenge = latest == null ? null : get(store, latest.get("id"));
        if (challenge != null) {
            return end(attempt, challenge.id(), challenge.expiresAt(), challenge.decoupled(), challenge,
                    challenge.expired(now) ? AppEvents.EXPIRED : AppEvents.SUPERSEDED, now);
        }
        if (latest == null || latest.get("id") == null || latest.get("expiresAt") == null) {
            return null; // none, or written by a node of the previous build (its challenge outlives it)
        }
        // Long expired: the challenge is gone, what it takes to end and count it is in the marker.
        return end(attempt, latest.get("id"), Long.parseLong(latest.get("expiresAt")), Boolean.parseBoolean(latest.get("decoupled")),
                null, AppEvents.EXPIRED, now);
    }

    /**
     * Ends a request nobody answered, once: the first to claim it (the app's answer, a Cancel, its expiry,
     * the next request) decides, on any node. The one that ends a sign-in's request that reached the
     * phone counts it as a wrong answer of the app, with {@code eventError}; a CIBA request does not count
     * (a caller started it, not the customer: the push limit bounds those), nor one whose push failed
     * (no phone heard of it). When lockout cannot count it now (another answer of the customer in
     * flight: {@link Answers.Outcome#BUSY}), the claim is given back: the request stays open, and
     * whoever ends it next counts it.
     *
     * @return the count's verdict; null when nothing was counted (ended before, or not to count)
     */
    private static Answers.Verdict end(Answers.Attempt attempt, String id, long expiresAt, boolean decoupled, ApprovalChallenge challenge,
                                       String eventError, long now) {
        SingleUseObjectProvider store = attempt.session().singleUseObjects();
        if (!claim(store, id, expiresAt, now)) {
            return null; // answered or ended already, and counted there if at all
        }
        Answers.Verdict verdict = null;
        if (!decoupled && !store.contains(PREFIX + "undelivered." + id)) {
            Answers.Attempt unanswered = new Answers.Attempt(attempt.session(), attempt.realm(), attempt.user(), attempt.connection(),
                    attempt.uriInfo(), attempt.authSession(), attempt.event().clone().detail(AppEvents.CHALLENGE, id), attempt.factor(), eventError);
            verdict = Answers.check(unanswered, () -> false);
            if (verdict.outcome() == Answers.Outcome.BUSY) {
                store.remove(claimKey(id));
                return verdict;
            }
        }
        record(store, id, expiresAt, Decision.CANCELLED, null, null, now);
        if (challenge != null) {
            CibaRequests.answered(attempt.session(), challenge, Decision.CANCELLED); // a CIBA request is denied in Keycloak too
        }
        return verdict;
    }

    /**
     * After the push of {@code challengeId}: {@code delivered} when at least one phone's push was handed
     * over. A request no push reached is not counted when it ends unanswered; a later "send again" that
     * reaches the phone makes it count. Called after the request's commit, so only the store's immediate
     * operations ({@code putIfAbsent}, {@code remove}), never its transactional {@code put}.
     */
    static void pushed(SingleUseObjectProvider store, String challengeId, long expiresAt, boolean delivered, long now) {
        if (delivered) {
            store.remove(PREFIX + "undelivered." + challengeId);
        } else {
            store.putIfAbsent(PREFIX + "undelivered." + challengeId, keptSeconds(expiresAt, now));
        }
    }

    /** True once per challenge, for whoever ends it first, on any node; held as long as the latest-request marker can name it. */
    private static boolean claim(SingleUseObjectProvider store, String id, long expiresAt, long now) {
        return store.putIfAbsent(claimKey(id), keptSeconds(expiresAt, now));
    }

    private static void record(SingleUseObjectProvider store, String id, long expiresAt, Decision decision, String deviceId,
                               String transactionHash, long now) {
        long lifespan = Math.max(1, expiresAt - now) + GRACE_SECONDS;
        Map<String, String> notes = new HashMap<>(Map.of("decision", decision.name(), "device", deviceId == null ? "" : deviceId,
                // "at" is read only by nodes still on the previous build during a rolling update; nothing here reads it.
                "at", String.valueOf(now)));
        if (transactionHash != null) {
            notes.put("transactionHash", transactionHash);
        }
        store.put(PREFIX + "answer." + id, lifespan, notes);
    }

    /**
     * A customer who proves another factor in this sign-in instead ("Try another way") ends this
     * request uncounted: lockout takes its claim then.
     */
    static void leftForAnotherFactor(AuthenticationSessionModel authSession, ApprovalChallenge challenge, long now) {
        Answers.leftOpen(authSession, Factor.APP, claimKey(challenge.id()), now + keptSeconds(challenge.expiresAt(), now));
    }

    private static long keptSeconds(long expiresAt, long now) {
        return Math.max(1, expiresAt - now) + LATEST_KEPT_SECONDS + GRACE_SECONDS;
    }

    private static String claimKey(String id) {
        return PREFIX + "answered." + id;
    }

    static Answer answerOf(SingleUseObjectProvider store, String challengeId) {
        Map<String, String> notes = store.get(PREFIX + "answer." + challengeId);
        return notes == null ? null
                : new Answer(Decision.valueOf(notes.get("decision")), notes.get("device"), notes.get("transactionHash"));
    }

    private static String pendingKey(String realmId, String userId) {
        return PREFIX + "pending." + realmId + "." + userId;
    }
}
