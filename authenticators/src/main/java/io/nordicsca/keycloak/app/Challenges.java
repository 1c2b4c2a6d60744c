package io.nordicsca.keycloak.app;

import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * Where challenges and their answers live: Keycloak's single-use store, so whichever node the app
 * calls and whichever node the browser waits on, both see the same state. A challenge is written
 * once; its answer is claimed once ({@code putIfAbsent}), so a replayed or second answer loses.
 */
final class Challenges {

    /**
     * How an answered challenge ended. WRONG_PAYMENT: an approval whose {@code transaction_hash} is
     * not the challenge's payment (or names a payment where there is none, or none where there is one).
     */
    enum Decision { APPROVED, DENIED, NOT_ME, WRONG_EVENT_ID, WRONG_PAYMENT, CANCELLED }

    record Answer(Decision decision, String deviceId) {
    }

    private static final String PREFIX = "nordic-sca.app.";
    /** Answers and challenges outlive their expiry a little, so a late browser still reads what happened. */
    private static final long GRACE_SECONDS = 300;

    private Challenges() {
    }

    static void create(SingleUseObjectProvider store, ApprovalChallenge challenge, long now) {
        long lifespan = challenge.expiresAt() - now + GRACE_SECONDS;
        store.put(PREFIX + "challenge." + challenge.id(), lifespan, challenge.toNotes());
        store.put(pendingKey(challenge.realmId(), challenge.userId()), challenge.expiresAt() - now, Map.of("id", challenge.id()));
    }

    static ApprovalChallenge get(SingleUseObjectProvider store, String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{16,64}")) {
            return null;
        }
        Map<String, String> notes = store.get(PREFIX + "challenge." + id);
        return notes == null ? null : ApprovalChallenge.of(notes);
    }

    /** The user's one pending challenge id, if any (a new sign-in cancels it). */
    static String pendingId(SingleUseObjectProvider store, String realmId, String userId) {
        Map<String, String> pending = store.get(pendingKey(realmId, userId));
        return pending == null ? null : pending.get("id");
    }

    /** Records the answer if the challenge has none yet; false when it was already answered. */
    static boolean answer(SingleUseObjectProvider store, ApprovalChallenge challenge, Decision decision, String deviceId, long now) {
        long lifespan = Math.max(1, challenge.expiresAt() - now) + GRACE_SECONDS;
        if (!store.putIfAbsent(PREFIX + "answered." + challenge.id(), lifespan)) {
            return false;
        }
        store.put(PREFIX + "answer." + challenge.id(), lifespan,
                // "at" is read only by nodes still on the previous build during a rolling update; nothing here reads it.
                Map.of("decision", decision.name(), "device", deviceId == null ? "" : deviceId, "at", String.valueOf(now)));
        store.remove(pendingKey(challenge.realmId(), challenge.userId()));
        return true;
    }

    static Answer answerOf(SingleUseObjectProvider store, String challengeId) {
        Map<String, String> notes = store.get(PREFIX + "answer." + challengeId);
        return notes == null ? null
                : new Answer(Decision.valueOf(notes.get("decision")), notes.get("device"));
    }

    private static String pendingKey(String realmId, String userId) {
        return PREFIX + "pending." + realmId + "." + userId;
    }
}
