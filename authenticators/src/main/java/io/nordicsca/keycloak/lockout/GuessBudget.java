package io.nordicsca.keycloak.lockout;

import java.util.function.Predicate;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;

/**
 * How many answers may be checked right now, cluster-wide and atomically. Keycloak records
 * failures after the response, on one executor thread, so a burst of simultaneous wrong answers
 * would all be checked before its lock lands (20 of 20 in a burst against Keycloak's OTP form). Before a code is
 * looked at, the request takes an in-flight slot numbered from the failures Keycloak has recorded
 * up to what the realm still allows; a slot is taken with {@code putIfAbsent}, so two requests
 * never hold the same one, on any node. Slots lapse after {@link #HOLD_SECONDS}, by which time
 * Keycloak's own record has caught up (and a bank unlock is not held up for long).
 *
 * <p>Keycloak 26.7's blocking brute-force protector already refuses a second attempt while one is
 * in flight, but only on the node that holds it (an in-memory map); this budget holds cluster-wide.
 */
public final class GuessBudget {

    static final long HOLD_SECONDS = 3;
    /** Returned when the realm has no brute-force detection: nothing to budget. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    public static final int NONE = -1;

    private GuessBudget() {
    }

    /** Takes a slot for one answer; {@link #NONE} when every allowed answer is already in flight. */
    public static int take(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return UNLIMITED;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        int recorded = failures == null ? 0 : failures.getNumFailures();
        return take(key -> session.singleUseObjects().putIfAbsent(key, HOLD_SECONDS), user.getId(), recorded, realm.getFailureFactor());
    }

    /** The slot arithmetic, over any atomic put-if-absent store. */
    static int take(Predicate<String> putIfAbsent, String userId, int recorded, int failureFactor) {
        int limit = Math.max(1, failureFactor);
        // Past the limit Keycloak locks again after every failure, so one answer at a time.
        int allowance = recorded < limit ? limit - recorded : 1;
        for (int slot = recorded; slot < recorded + allowance; slot++) {
            if (putIfAbsent.test(key(userId, slot))) {
                return slot;
            }
        }
        return NONE;
    }

    /** Gives the slot back after a right answer, which Keycloak will not count as a failure, or an answer never looked at. */
    public static void giveBack(KeycloakSession session, UserModel user, int slot) {
        if (slot != UNLIMITED && slot != NONE) {
            session.singleUseObjects().remove(key(user.getId(), slot));
        }
    }

    private static String key(String userId, int slot) {
        return "nordic-sca.guess." + userId + "." + slot;
    }
}
