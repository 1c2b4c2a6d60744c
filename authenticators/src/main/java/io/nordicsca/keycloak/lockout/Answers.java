package io.nordicsca.keycloak.lockout;

import io.nordicsca.keycloak.lockout.SecondFactorLockout.LockState;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one way an answer to any factor is judged: the password, a code-card number, an SMS code,
 * the app's answer. Every step, required action and the device API calls {@link #check}; none
 * of them counts, locks or talks to Keycloak's brute-force protector itself.
 *
 * <ol>
 * <li>The factor is locked (its own schedule, the desk, "not me"): refuse unseen ({@link Outcome#FACTOR_LOCKED}).</li>
 * <li>This sign-in has used up its guesses: refuse unseen ({@link Outcome#BLOCKED}).</li>
 * <li>Keycloak's account-wide protector has locked the customer: refuse unseen and block the sign-in;
 *     another answer of the customer in flight: refuse unseen, count nothing ({@link Outcome#BUSY}).</li>
 * <li>Take a guess slot of the factor's run and of the account ({@link GuessBudget}); none free: BUSY.</li>
 * <li>Look at the answer (the caller's {@link Verifier}, in constant time).</li>
 * <li>Right: a new run for the factor, this sign-in's wrong answers forgotten. Wrong: the run's
 *     count (durable), the factor's lock when the count reaches a step of its schedule, Keycloak's
 *     account-wide count, this sign-in's count; a warning when one more would lock for good.</li>
 * </ol>
 */
public final class Answers {

    /**
     * Who answers which factor, where. {@code authSession} is null for answers outside a sign-in
     * (the device API). {@code wrongAnswerError} is the event error of a wrong answer (Keycloak's
     * invalid_user_credentials unless the step has a more precise one, such as the app's "not me").
     */
    public record Attempt(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo,
                          AuthenticationSessionModel authSession, EventBuilder event, Factor factor, String wrongAnswerError) {

        public Attempt(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo,
                       AuthenticationSessionModel authSession, EventBuilder event, Factor factor) {
            this(session, realm, user, connection, uriInfo, authSession, event, factor, Errors.INVALID_USER_CREDENTIALS);
        }

        public Attempt withWrongAnswerError(String error) {
            return new Attempt(session, realm, user, connection, uriInfo, authSession, event, factor, error);
        }

        /** {@code event} carries the step's own details (credential type, card, masked number); it is cloned, never sent as is. */
        public static Attempt of(AuthenticationFlowContext context, Factor factor, EventBuilder event) {
            return new Attempt(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                    context.getUriInfo(), context.getAuthenticationSession(), event, factor);
        }

        public static Attempt of(RequiredActionContext context, Factor factor, EventBuilder event) {
            return new Attempt(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                    context.getUriInfo(), context.getAuthenticationSession(), event, factor);
        }

        /** An answer outside any sign-in (the app's answer through the device API). */
        public static Attempt outsideSignIn(KeycloakSession session, UserModel user, EventBuilder event, Factor factor) {
            return new Attempt(session, session.getContext().getRealm(), user, session.getContext().getConnection(),
                    session.getContext().getUri(), null, event, factor);
        }
    }

    /** Looks at the answer; true when right. */
    @FunctionalInterface
    public interface Verifier {
        boolean isRight() throws NotChecked;
    }

    /** The answer could not be looked at (a vault is down): nothing is counted. */
    public static final class NotChecked extends Exception {
        public NotChecked(Throwable cause) {
            super(cause);
        }
    }

    public enum Outcome {
        RIGHT,
        /** Wrong, and the customer may try again. */
        WRONG,
        /** The factor is locked, before this answer or by it: the page says until when and what to do. */
        FACTOR_LOCKED,
        /** This sign-in may not answer any more (its guesses are used up, or Keycloak locked the account). */
        BLOCKED,
        /** Another answer of this customer is being checked: nothing looked at, nothing counted; try again. */
        BUSY,
        NOT_CHECKED
    }

    /**
     * @param lock        the factor's lock after the answer; null when Keycloak's account-wide lock refused it
     * @param lastAttempt WRONG, and one more wrong answer locks the factor until the customer or the bank opens it
     * @param seen        the answer was looked at (RIGHT, WRONG, or the wrong answer that locked or blocked)
     */
    public record Verdict(Outcome outcome, FactorLock lock, boolean lastAttempt, boolean seen) {
        public boolean right() {
            return outcome == Outcome.RIGHT;
        }
    }

    private Answers() {
    }

    /**
     * Where the customer stands before a page asks for this factor (or an SMS is sent, or a push):
     * null when an answer may be given; otherwise FACTOR_LOCKED, or BLOCKED (this sign-in's guesses
     * are used up, or Keycloak has locked the account, which blocks the sign-in), with its event
     * sent. Nothing is counted.
     */
    public static Verdict refusal(Attempt attempt) {
        long now = Time.currentTime();
        FactorLock lock = FactorLocks.read(attempt.user(), attempt.factor(), now);
        if (lock.lockedAt(now)) {
            LockoutEvents.withLock(attempt.event().clone(), lock).error(LockoutEvents.FACTOR_LOCKED);
            return new Verdict(Outcome.FACTOR_LOCKED, lock, false, false);
        }
        if (attempt.authSession() != null && SecondFactorLockout.isBlocked(attempt.authSession())) {
            attempt.event().clone().detail(LockoutEvents.FACTOR, attempt.factor().id()).error(LockoutEvents.SIGN_IN_BLOCKED);
            return new Verdict(Outcome.BLOCKED, lock, false, false);
        }
        SecondFactorLockout.Lock account = SecondFactorLockout.lock(attempt.session(), attempt.realm(), attempt.user());
        if (account.state() == LockState.LOCKED && !unlocksPassword(attempt)) {
            if (attempt.authSession() != null) {
                SecondFactorLockout.block(attempt.authSession());
            }
            attempt.event().clone().detail(LockoutEvents.FACTOR, attempt.factor().id()).error(account.eventError());
            return new Verdict(Outcome.BLOCKED, null, false, false); // no factor's doing: Keycloak's account-wide lock
        }
        return null;
    }

    /** Judges one answer; see the class comment for the order. A password typed into Keycloak's form: {@link #checkPassword}. */
    public static Verdict check(Attempt attempt, Verifier verifier) {
        return check(attempt, null, verifier);
    }

    /**
     * Judges a password typed into Keycloak's own form, whose check sends Keycloak's event for a
     * wrong password (LOGIN_ERROR, invalid_user_credentials) on {@code formEvent} and reports the
     * failure to Keycloak's protector itself. That one event carries the wrong answer's details,
     * as every other factor's does, so a wrong password is one event, not two: they go on it before
     * the check (the answer's place in the run is its guess slot's) and come off again unless the
     * answer was wrong, so the sign-in's LOGIN event never carries them.
     */
    public static Verdict checkPassword(Attempt attempt, EventBuilder formEvent, Verifier verifier) {
        return check(attempt, formEvent, verifier);
    }

    private static Verdict check(Attempt attempt, EventBuilder formEvent, Verifier verifier) {
        Verdict refused = refusal(attempt);
        if (refused != null) {
            return refused;
        }
        long now = Time.currentTime();
        FactorLock lock = FactorLocks.read(attempt.user(), attempt.factor(), now);
        // Keycloak's blocking protector also answers "locked" while another answer of the customer is in flight (BUSY).
        SecondFactorLockout.Lock account = SecondFactorLockout.lock(attempt.session(), attempt.realm(), attempt.user());
        LockSchedule schedule = LockoutSettings.of(attempt.realm()).schedule(attempt.factor());
        boolean open = account.state() == LockState.OPEN || (account.state() == LockState.LOCKED && unlocksPassword(attempt));
        GuessBudget.Slot slot = open
                ? GuessBudget.take(attempt.session(), attempt.realm(), attempt.user(), attempt.factor(), schedule) : null;
        if (slot == null) {
            // A double submit, or as many answers in flight as the factor may still get: refuse unseen, count nothing.
            attempt.event().clone().detail(LockoutEvents.FACTOR, attempt.factor().id()).error(LockoutEvents.ANSWER_IN_PROGRESS);
            return new Verdict(Outcome.BUSY, lock, false, false);
        }
        if (formEvent != null) {
            int count = slot.index() + 1;
            wrongAnswerDetails(formEvent, attempt.factor(), count, lastAttempt(schedule, count));
        }
        boolean right;
        try {
            right = verifier.isRight();
        } catch (NotChecked e) {
            withoutWrongAnswerDetails(formEvent);
            GuessBudget.giveBack(attempt.session(), attempt.user(), slot);
            return new Verdict(Outcome.NOT_CHECKED, lock, false, false);
        }
        if (right) {
            withoutWrongAnswerDetails(formEvent);
            GuessBudget.giveBack(attempt.session(), attempt.user(), slot);
            FactorLocks.resetFailures(attempt.user(), attempt.factor());
            if (attempt.authSession() != null) {
                SecondFactorLockout.rightAnswer(attempt.authSession());
                endLeftOpen(attempt, now);
            }
            return new Verdict(Outcome.RIGHT, FactorLock.open(attempt.factor(), 0), false, true);
        }
        return wrong(attempt, schedule, slot, now);
    }

    private static Verdict wrong(Attempt attempt, LockSchedule schedule, GuessBudget.Slot slot, long now) {
        int count = slot.index() + 1;
        LockSchedule.Step step = schedule.stepAt(count);
        FactorLock after;
        if (step != null) {
            long until = step.state() == FactorLock.State.TEMPORARY ? now + step.duration().toSeconds() : 0;
            after = new FactorLock(attempt.factor(), step.state(), until, count, now, "schedule", null);
        } else {
            after = FactorLock.open(attempt.factor(), count);
        }
        // The slot is marked wrong and the count stored; both are written when this transaction commits (the slot was
        // taken at once, so no other answer holds its number meanwhile).
        GuessBudget.markWrong(attempt.session(), attempt.user(), slot, after);
        FactorLocks.recordFailure(attempt.user(), attempt.factor(), slot.generation(), count);
        if (step != null) {
            FactorLocks.setLock(attempt.user(), attempt.factor(), step.state(), after.until(), now, "schedule", null);
        }
        boolean lastAttempt = lastAttempt(schedule, count);
        if (attempt.factor() != Factor.PASSWORD) {
            // Keycloak's password form reports its own failures and sends its own event (see checkPassword).
            wrongAnswerDetails(attempt.event().clone(), attempt.factor(), count, lastAttempt).error(attempt.wrongAnswerError());
            SecondFactorLockout.report(attempt.session(), attempt.realm(), attempt.user(), attempt.connection(), attempt.uriInfo());
        }
        if (step != null) {
            LockoutEvents.locked(attempt.event().clone(), after);
        }
        boolean blocked = attempt.authSession() != null && attempt.factor() != Factor.PASSWORD
                && SecondFactorLockout.countInSession(attempt.authSession(), attempt.realm());
        if (step != null) {
            return new Verdict(Outcome.FACTOR_LOCKED, after, false, true);
        }
        return new Verdict(blocked ? Outcome.BLOCKED : Outcome.WRONG, after, lastAttempt && !blocked, true);
    }

    /** True when the {@code count}-th wrong answer sets no lock and one more would lock the factor for good. */
    private static boolean lastAttempt(LockSchedule schedule, int count) {
        return schedule.stepAt(count) == null && schedule.nextLocksForGood(count);
    }

    /** What every wrong answer's event carries, whatever the factor. */
    private static EventBuilder wrongAnswerDetails(EventBuilder event, Factor factor, int count, boolean lastAttempt) {
        event.detail(LockoutEvents.FACTOR, factor.id()).detail(LockoutEvents.FAILURES, String.valueOf(count));
        return lastAttempt ? event.detail(LockoutEvents.LAST_ATTEMPT, "true") : event;
    }

    private static void withoutWrongAnswerDetails(EventBuilder formEvent) {
        if (formEvent != null) {
            formEvent.removeDetail(LockoutEvents.FACTOR).removeDetail(LockoutEvents.FAILURES).removeDetail(LockoutEvents.LAST_ATTEMPT);
        }
    }

    private static final String NOTE_LEFT_OPEN = "nordic-sca.lockout.left-open";

    /**
     * A request this sign-in sent for {@code factor} that counts as a wrong answer if it ends
     * unanswered (the app's push). If the customer proves another second factor in the same sign-in
     * instead ("Try another way"), the request is ended uncounted: {@code endKey} is taken in the
     * single-use store until {@code holdUntil} (epoch seconds), the key whose holder decides how the
     * request ended. A customer who chose another way left no push unanswered.
     */
    public static void leftOpen(AuthenticationSessionModel authSession, Factor factor, String endKey, long holdUntil) {
        authSession.setAuthNote(NOTE_LEFT_OPEN, factor.id() + ";" + holdUntil + ";" + endKey);
    }

    private static void endLeftOpen(Attempt attempt, long now) {
        String note = attempt.authSession().getAuthNote(NOTE_LEFT_OPEN);
        if (note == null || attempt.factor() == Factor.PASSWORD) {
            return; // the password proves no second factor
        }
        attempt.authSession().removeAuthNote(NOTE_LEFT_OPEN);
        String[] parts = note.split(";", 3);
        if (parts.length == 3 && !parts[0].equals(attempt.factor().id())) {
            try {
                long hold = Long.parseLong(parts[1]) - now;
                if (hold > 0) {
                    attempt.session().singleUseObjects().putIfAbsent(parts[2], hold);
                }
            } catch (NumberFormatException e) {
                // not a note of ours: nothing to end
            }
        }
    }

    private static final String NOTE_UNLOCKS_PASSWORD = "nordic-sca.lockout.unlocks-password";

    /**
     * Marks a sign-in as the customer's self-service unlock of the password. Wrong passwords set
     * Keycloak's account-wide lock at the same count as the password's own first lock, so without
     * this no customer could unlock a password until Keycloak's lock lifts by itself. In such a
     * sign-in Keycloak's account lock does not refuse the SMS code and the code card; their own
     * locks, their guess slots and this sign-in's count still do, and every wrong answer is still
     * reported to Keycloak.
     */
    public static void unlocksPassword(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE_UNLOCKS_PASSWORD, "true");
    }

    private static boolean unlocksPassword(Attempt attempt) {
        return attempt.authSession() != null && attempt.factor() != Factor.PASSWORD
                && attempt.authSession().getAuthNote(NOTE_UNLOCKS_PASSWORD) != null;
    }

    /** The desk (or "not me") locks a factor until the bank opens it. */
    public static FactorLock lockByBank(KeycloakSession session, RealmModel realm, UserModel user, Factor factor, String by, String reason,
                                        EventBuilder event) {
        long now = Time.currentTime();
        FactorLocks.setLock(user, factor, FactorLock.State.BANK, 0, now, by, reason);
        FactorLock lock = FactorLocks.read(user, factor, now);
        LockoutEvents.locked(event, lock);
        return lock;
    }

    /**
     * Opens a factor and starts a new run of answers. Opening the password also clears Keycloak's
     * own failure record of the customer, which nothing in Keycloak 26.7 does after a password reset.
     */
    public static FactorLock unlock(KeycloakSession session, RealmModel realm, UserModel user, Factor factor, String by, EventBuilder event) {
        FactorLocks.clear(user, factor);
        if (factor == Factor.PASSWORD) {
            session.loginFailures().removeUserLoginFailure(realm, user.getId());
        }
        LockoutEvents.unlocked(event, factor, by);
        return FactorLocks.read(user, factor, Time.currentTime());
    }
}
