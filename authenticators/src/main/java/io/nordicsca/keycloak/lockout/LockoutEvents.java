package io.nordicsca.keycloak.lockout;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * The one set of lockout events, whatever the factor: the factor is always in
 * {@link #FACTOR}. A lock set by wrong answers is sent with Keycloak's own lockout event types
 * (USER_DISABLED_BY_TEMPORARY_LOCKOUT / _PERMANENT_LOCKOUT), so a bank's monitoring that watches
 * Keycloak's lockouts sees ours too; only the factor is locked, never the user.
 */
public final class LockoutEvents {

    public static final String FACTOR = "nordic_sca_factor";
    public static final String FAILURES = "nordic_sca_failures";
    public static final String LOCK = "nordic_sca_lock";
    public static final String LOCKED_UNTIL = "nordic_sca_locked_until";
    public static final String LOCKED_BY = "nordic_sca_locked_by";
    /** On a wrong answer after which one more locks the factor for good (PSD2 RTS art. 4: warn before a permanent block). */
    public static final String LAST_ATTEMPT = "nordic_sca_last_attempt";
    public static final String ACTION = "nordic_sca_lockout_action";
    public static final String UNLOCKED = "unlocked";

    /** The factor is locked: the answer was not looked at. */
    public static final String FACTOR_LOCKED = "nordic_sca_factor_locked";
    /** This sign-in used up its guesses, or Keycloak has locked the account: the answer was not looked at. */
    public static final String SIGN_IN_BLOCKED = "nordic_sca_sign_in_blocked";
    /** Another answer of the customer is being checked right now: refused unseen, nothing counted. */
    public static final String ANSWER_IN_PROGRESS = "nordic_sca_answer_in_progress";

    private LockoutEvents() {
    }

    static EventBuilder withLock(EventBuilder event, FactorLock lock) {
        event.detail(FACTOR, lock.factor().id()).detail(LOCK, lock.state().name()).detail(FAILURES, String.valueOf(lock.failures()));
        if (lock.state() == FactorLock.State.TEMPORARY) {
            event.detail(LOCKED_UNTIL, String.valueOf(lock.until()));
        }
        if (lock.by() != null) {
            event.detail(LOCKED_BY, lock.by());
        }
        return event;
    }

    /** The factor has just been locked (by wrong answers, the desk, or "not me"). */
    static void locked(EventBuilder event, FactorLock lock) {
        withLock(event.event(lock.permanent() ? EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT : EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT), lock)
                .success();
    }

    /** The factor has just been opened (by the desk, or by the customer's self-service unlock). */
    static void unlocked(EventBuilder event, Factor factor, String by) {
        event.event(EventType.UPDATE_CREDENTIAL).detail(FACTOR, factor.id()).detail(ACTION, UNLOCKED).detail(LOCKED_BY, by).success();
    }
}
