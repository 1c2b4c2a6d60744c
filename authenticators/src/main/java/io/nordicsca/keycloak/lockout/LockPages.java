package io.nordicsca.keycloak.lockout;

import java.util.Collection;

import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The pages every factor shows when lockout refuses an answer, so a locked card, phone or app
 * reads the same everywhere: the error code with the problem and what to do (wait, unlock it
 * yourself, or call the bank at the realm's support number), and for a lock that lifts by itself,
 * in how many minutes. The realm's "hide which factor failed" switch gives codes that name none.
 */
public final class LockPages {

    static final String TEMPLATE = "login-nordic-sca-locked.ftl";

    /**
     * The lock page's own model beside the {@link ErrorNotice} ({@value LockPages#TEMPLATE}); one state, so no state field.
     *
     * @param minutesLeft for a lock that lifts by itself: whole minutes until it does, rounded up; 0 otherwise
     * @param selfService the customer may unlock it ("Password locked?" in the reset-credentials flow)
     */
    public record LockNotice(long minutesLeft, boolean selfService) {

        /** The form attribute the template reads. */
        public static final String ATTRIBUTE = "nordicScaLock";
    }

    private LockPages() {
    }

    /** The page for a refused answer (FACTOR_LOCKED or BLOCKED). */
    public static Response refusal(LoginFormsProvider form, RealmModel realm, Answers.Verdict verdict) {
        FactorLock lock = verdict.lock();
        boolean locked = verdict.outcome() == Answers.Outcome.FACTOR_LOCKED && lock != null;
        long minutes = locked && lock.state() == FactorLock.State.TEMPORARY ? Math.max(1, (lock.until() - Time.currentTime() + 59) / 60) : 0;
        CustomerError error = locked ? lockError(lock.factor(), lock.state()) : blockedError(verdict.lock() == null ? null : verdict.lock().factor());
        return form.setAttribute(ErrorNotice.ATTRIBUTE, visible(realm, error).notice(realm))
                .setAttribute(LockNotice.ATTRIBUTE, new LockNotice(minutes, locked && lock.state() == FactorLock.State.SELF_SERVICE))
                .createForm(TEMPLATE);
    }

    /**
     * The page of the lock check step: every factor in {@code locks} is locked. While one of them is
     * only temporarily locked, the page says when the first one opens; otherwise only the bank can help.
     */
    public static Response allLocked(LoginFormsProvider form, RealmModel realm, Collection<FactorLock> locks) {
        long firstOpens = locks.stream().filter(lock -> lock.state() == FactorLock.State.TEMPORARY)
                .mapToLong(FactorLock::until).min().orElse(0);
        CustomerError error = firstOpens > 0 ? CustomerError.FACTOR_LOCKED_TEMPORARILY : CustomerError.FACTOR_LOCKED_BANK;
        long minutes = firstOpens > 0 ? Math.max(1, (firstOpens - Time.currentTime() + 59) / 60) : 0;
        return form.setAttribute(ErrorNotice.ATTRIBUTE, error.notice(realm))
                .setAttribute(LockNotice.ATTRIBUTE, new LockNotice(minutes, false))
                .createForm(TEMPLATE);
    }

    /**
     * Puts the warning before the answer that would lock the factor for good on a step's page
     * (PSD2 RTS art. 4(4): the payer is alerted before a block is made permanent); the step's own "wrong answer" message stays beside it.
     */
    public static LoginFormsProvider lastAttemptWarning(LoginFormsProvider form, RealmModel realm, Factor factor) {
        CustomerError warning = switch (factor) {
            // The password never warns: the warning would tell whoever typed a username that it exists (PasswordForm).
            case PASSWORD -> throw new IllegalArgumentException("the password has no last-attempt warning");
            case CODE_CARD -> CustomerError.CARD_LAST_ATTEMPT;
            case SMS -> CustomerError.SMS_LAST_ATTEMPT;
            case APP -> CustomerError.APP_LAST_ATTEMPT;
        };
        return form.setAttribute(ErrorNotice.ATTRIBUTE, visible(realm, warning).notice(realm));
    }

    /**
     * The same warning for a page that did not judge the answer itself (the app's, whose answers the
     * device API judges): shown when the factor's stored count says the next counted wrong answer
     * locks it for good.
     */
    public static LoginFormsProvider lastAttemptWarningIfDue(LoginFormsProvider form, RealmModel realm, UserModel user, Factor factor) {
        long now = Time.currentTime();
        FactorLock lock = FactorLocks.read(user, factor, now);
        if (!lock.lockedAt(now) && LockoutSettings.of(realm).schedule(factor).nextLocksForGood(lock.failures())) {
            lastAttemptWarning(form, realm, factor);
        }
        return form;
    }

    private static CustomerError visible(RealmModel realm, CustomerError error) {
        return LockoutSettings.of(realm).hideFactor() ? error.withoutFactor() : error;
    }

    static CustomerError lockError(Factor factor, FactorLock.State state) {
        boolean temporary = state == FactorLock.State.TEMPORARY;
        return switch (factor) {
            case PASSWORD -> temporary ? CustomerError.PASSWORD_LOCKED_TEMPORARILY
                    : state == FactorLock.State.SELF_SERVICE ? CustomerError.PASSWORD_LOCKED_SELF_SERVICE : CustomerError.PASSWORD_LOCKED_BANK;
            case CODE_CARD -> temporary ? CustomerError.CARD_LOCKED_TEMPORARILY : CustomerError.CARD_LOCKED_BANK;
            case SMS -> temporary ? CustomerError.SMS_LOCKED_TEMPORARILY : CustomerError.SMS_LOCKED_BANK;
            case APP -> temporary ? CustomerError.APP_LOCKED_TEMPORARILY : CustomerError.APP_LOCKED_BANK;
        };
    }

    private static CustomerError blockedError(Factor factor) {
        return factor == null ? CustomerError.SIGN_IN_BLOCKED : switch (factor) {
            case PASSWORD -> CustomerError.SIGN_IN_BLOCKED;
            case CODE_CARD -> CustomerError.CARD_BLOCKED;
            case SMS -> CustomerError.SMS_BLOCKED;
            case APP -> CustomerError.APP_BLOCKED;
        };
    }
}
