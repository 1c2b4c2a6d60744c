package io.nordicsca.keycloak.lockout;

import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;

/**
 * The pages every factor shows when lockout refuses an answer, so a locked card, phone or app
 * reads the same everywhere: what is locked (unless the realm hides it), until when, and what to
 * do (wait, unlock it yourself, or call the bank).
 */
public final class LockPages {

    static final String TEMPLATE = "login-nordic-sca-locked.ftl";

    /**
     * The page model. {@code factor} is null when the realm hides which factor failed.
     *
     * @param state        TEMPORARY, SELF_SERVICE, BANK, or BLOCKED (this sign-in may not answer any more)
     * @param minutesLeft  for TEMPORARY: whole minutes until the lock lifts, rounded up
     */
    public record LockNotice(String factor, String state, long minutesLeft) {
    }

    private LockPages() {
    }

    /** The page for a refused answer (FACTOR_LOCKED or BLOCKED). */
    public static Response refusal(LoginFormsProvider form, RealmModel realm, Answers.Verdict verdict) {
        return form.setAttribute("nordicScaLock", notice(realm, verdict)).createForm(TEMPLATE);
    }

    /**
     * The page of the lock check step: every factor in {@code locks} is locked. While one of them is
     * only temporarily locked, the page says when the first one opens; otherwise only the bank can help.
     */
    public static Response allLocked(LoginFormsProvider form, java.util.Collection<FactorLock> locks) {
        long now = Time.currentTime();
        long firstOpens = locks.stream().filter(lock -> lock.state() == FactorLock.State.TEMPORARY)
                .mapToLong(FactorLock::until).min().orElse(0);
        LockNotice notice = firstOpens > 0
                ? new LockNotice(null, "ALL_TEMPORARY", Math.max(1, (firstOpens - now + 59) / 60))
                : new LockNotice(null, "ALL_BANK", 0);
        return form.setAttribute("nordicScaLock", notice).createForm(TEMPLATE);
    }

    public static LockNotice notice(RealmModel realm, Answers.Verdict verdict) {
        boolean hide = LockoutSettings.of(realm).hideFactor();
        FactorLock lock = verdict.lock();
        if (verdict.outcome() != Answers.Outcome.FACTOR_LOCKED || lock == null) {
            return new LockNotice(null, "BLOCKED", 0);
        }
        long minutes = lock.state() == FactorLock.State.TEMPORARY ? Math.max(1, (lock.until() - Time.currentTime() + 59) / 60) : 0;
        return new LockNotice(hide ? null : lock.factor().id(), lock.state().name(), minutes);
    }

    /**
     * The message for a wrong answer after which one more locks the factor for good (PSD2 RTS
     * art. 4(3)(b): warn before a block becomes permanent); it names the factor unless the realm hides it.
     */
    public static String lastAttemptMessage(RealmModel realm, Factor factor) {
        return LockoutSettings.of(realm).hideFactor() ? "nordicScaLastAttempt" : "nordicScaLastAttempt." + factor.id();
    }
}
