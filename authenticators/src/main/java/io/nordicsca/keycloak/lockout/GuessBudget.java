package io.nordicsca.keycloak.lockout;

import java.util.Map;
import java.util.function.Predicate;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;

/**
 * How many answers may be checked right now, cluster-wide and atomically. Before an answer is
 * looked at, the request takes a numbered slot with {@code putIfAbsent} in Keycloak's single-use
 * store, so two requests never hold the same number, on any node, and a burst of simultaneous
 * wrong answers cannot outrun the lock (20 of 20 in a burst against Keycloak's own OTP form).
 *
 * <ul>
 * <li>The factor's slot: numbered from the factor's recorded count of wrong answers up to the
 *     next step of its lock schedule. The slot's number is the answer's place in the run, so the
 *     answer that reaches a step is known before the check, and exactly one answer sets each lock.
 *     A slot is taken for {@link #IN_FLIGHT_SECONDS}, longer than any request lives, so a request that
 *     dies between taking and judging (rolled back, node lost) frees its number by itself; a wrong
 *     answer's slot is then kept for {@link #FACTOR_HOLD_SECONDS}. Slots belong to the run's
 *     generation; a new run (right answer, unlock) starts with fresh numbers.</li>
 * <li>The account's slot: numbered from Keycloak's own failure record up to the realm's failure
 *     factor, held {@link #ACCOUNT_HOLD_SECONDS} (Keycloak records failures after the response, on
 *     one executor thread, and its record has caught up by then). Keycloak 26.7's blocking
 *     protector refuses a second attempt while one is in flight only on the node that holds it.</li>
 * </ul>
 */
public final class GuessBudget {

    static final long ACCOUNT_HOLD_SECONDS = 3;
    /** How long a taken slot waits for its answer's outcome: longer than any transaction may run. */
    static final long IN_FLIGHT_SECONDS = 600;
    /** Long enough that a slot outlives any transaction; a new run's generation retires it sooner. */
    static final long FACTOR_HOLD_SECONDS = 24L * 3600;
    static final int NONE = -1;
    private static final String OUTCOME = "outcome";
    private static final String WRONG = "wrong";
    /** On the slot of an answer that set a lock: until when (epoch seconds; 0: until opened). */
    private static final String LOCKED_UNTIL = "lockedUntil";
    /** A count falls behind by at most the answers in flight at once, which the schedule bounds. */
    private static final int MAX_CATCH_UP = 100;
    static final int UNLIMITED = Integer.MAX_VALUE;

    /** The slots one answer holds. {@code index} is the number of wrong answers in the run before this one. */
    record Slot(Factor factor, String generation, int index, int accountSlot) {
    }

    private GuessBudget() {
    }

    /** Takes the factor's and the account's slot for one answer; null when every allowed answer is already in flight. */
    static Slot take(KeycloakSession session, RealmModel realm, UserModel user, Factor factor, LockSchedule schedule) {
        FactorLocks.Failures run = FactorLocks.failures(user, factor);
        String prefix = factorPrefix(user, factor, run.generation());
        // Simultaneous wrong answers each write the count, and the last commit wins (Keycloak writes a user
        // attribute as a plain update), so the stored count can fall behind. Their slots remember them:
        // the count goes on from the last slot marked wrong, and the stored count is set right.
        int recorded = run.count();
        long now = Time.currentTime();
        // The answer that reached the stored count may have set a lock whose own transaction has not stored it yet.
        Map<String, String> last = recorded > 0 ? session.singleUseObjects().get(prefix + (recorded - 1)) : null;
        boolean locked = last != null && lockInForce(last.get(LOCKED_UNTIL), now);
        for (Map<String, String> notes; recorded < run.count() + MAX_CATCH_UP
                && (notes = session.singleUseObjects().get(prefix + recorded)) != null && WRONG.equals(notes.get(OUTCOME)); recorded++) {
            locked |= lockInForce(notes.get(LOCKED_UNTIL), now);
        }
        if (recorded > run.count()) {
            FactorLocks.recordFailure(user, factor, run.generation(), recorded);
        }
        if (locked) {
            // A wrong answer set a lock that this request cannot see yet (not committed, or not yet in this
            // node's user cache); its slot says so, and until the lock lifts no answer may be looked at.
            return null;
        }
        Predicate<String> store = key -> session.singleUseObjects().putIfAbsent(key, IN_FLIGHT_SECONDS);
        int index = take(store, prefix, recorded, schedule.answersBeforeNextLock(recorded));
        if (index == NONE) {
            return null;
        }
        int account = takeAccount(session, realm, user);
        if (account == NONE) {
            session.singleUseObjects().remove(factorPrefix(user, factor, run.generation()) + index);
            return null;
        }
        return new Slot(factor, run.generation(), index, account);
    }

    /** Whether a slot's note names a lock still in force: {@code 0} lasts until the bank or the customer opens it. */
    static boolean lockInForce(String lockedUntil, long now) {
        if (lockedUntil == null) {
            return false;
        }
        long until = Long.parseLong(lockedUntil);
        return until == 0 || until > now;
    }

    private static int takeAccount(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return UNLIMITED;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        int recorded = failures == null ? 0 : failures.getNumFailures();
        int limit = Math.max(1, realm.getFailureFactor());
        // Past the limit Keycloak locks again after every failure, so one answer at a time.
        int allowance = recorded < limit ? limit - recorded : 1;
        return take(key -> session.singleUseObjects().putIfAbsent(key, ACCOUNT_HOLD_SECONDS), accountPrefix(user), recorded, allowance);
    }

    /** The slot arithmetic, over any atomic put-if-absent store: the first free number from {@code recorded}, within {@code allowance}. */
    static int take(Predicate<String> putIfAbsent, String prefix, int recorded, int allowance) {
        for (int slot = recorded; slot < recorded + Math.max(1, allowance); slot++) {
            if (putIfAbsent.test(prefix + slot)) {
                return slot;
            }
        }
        return NONE;
    }

    /**
     * Marks the factor's slot as a wrong answer that was counted, with the lock it set if any. The slot
     * stays held (its number is never handed out again in the run). Keycloak's single-use store writes
     * a plain put when the transaction commits, so a rolled-back answer leaves only its in-flight slot,
     * which lapses; should the stored count lose this
     * answer to a concurrent write, {@link #take} counts it from here, and a lock named here holds
     * before its own transaction has stored it.
     */
    static void markWrong(KeycloakSession session, UserModel user, Slot slot, FactorLock lockSet) {
        Map<String, String> notes = lockSet == null || lockSet.state() == FactorLock.State.OPEN
                ? Map.of(OUTCOME, WRONG)
                : Map.of(OUTCOME, WRONG, LOCKED_UNTIL, String.valueOf(lockSet.until()));
        session.singleUseObjects().put(factorPrefix(user, slot.factor(), slot.generation()) + slot.index(), FACTOR_HOLD_SECONDS, notes);
    }

    /**
     * Gives both slots back: after a right answer (which counts nothing) or an answer never looked
     * at. A wrong answer keeps its factor slot, so its number is never handed out twice in the run.
     */
    static void giveBack(KeycloakSession session, UserModel user, Slot slot) {
        session.singleUseObjects().remove(factorPrefix(user, slot.factor(), slot.generation()) + slot.index());
        if (slot.accountSlot() != UNLIMITED) {
            session.singleUseObjects().remove(accountPrefix(user) + slot.accountSlot());
        }
    }

    private static String factorPrefix(UserModel user, Factor factor, String generation) {
        return "nordic-sca.guess." + user.getId() + "." + factor.id() + "." + generation + ".";
    }

    private static String accountPrefix(UserModel user) {
        return "nordic-sca.guess." + user.getId() + ".";
    }
}
