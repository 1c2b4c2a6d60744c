package io.nordicsca.keycloak.lockout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.nordicsca.keycloak.ProvesNoFactor;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * The lock check step, placed after the password and before the second factor: a customer whose
 * second factors are all locked meets the lock page (what to do, "Start again") before typing
 * anything more; anyone with at least one open factor passes unseen.
 *
 * <p>Why a step of its own: a locked factor's step reports itself not configured, so "Try another
 * way" leaves it out; but when every ALTERNATIVE step of a REQUIRED subflow is not configured,
 * Keycloak ends the sign-in with a generic error. This step answers first, with lockout's page.
 *
 * <p>Only factors the customer has count (see {@link FactorStep#has}); a customer with none passes,
 * and the flow decides (a required setup, or Keycloak's refusal). Nothing is counted or changed.
 */
public class LockCheckAuthenticator implements ProvesNoFactor {

    /** Details of the event sent when the step stops a customer: the locked factors, e.g. code-card,sms. */
    static final String FACTORS = "nordic_sca_factors";

    /** The steps that know whether a customer has their factor, by factor; read from the server's providers. */
    private final Map<Factor, FactorStep> steps;

    LockCheckAuthenticator(Map<Factor, FactorStep> steps) {
        this.steps = steps;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        LockCheckConfig config = LockCheckConfig.from(context.getAuthenticatorConfig());
        UserModel user = context.getUser();
        long now = Time.currentTime();
        List<FactorLock> locked = new ArrayList<>();
        for (Factor factor : config.factors()) {
            FactorStep step = steps.get(factor);
            if (step == null || !step.has(context.getSession(), context.getRealm(), user)) {
                continue; // a factor the customer does not have does not count
            }
            FactorLock lock = FactorLocks.read(user, factor, now);
            if (!lock.lockedAt(now)) {
                context.success(); // one open factor is enough: the second-factor step offers it
                return;
            }
            locked.add(lock);
        }
        if (locked.isEmpty()) {
            context.success();
            return;
        }
        context.getEvent().clone().user(user)
                .detail(FACTORS, locked.stream().map(lock -> lock.factor().id()).collect(Collectors.joining(",")))
                .error(LockoutEvents.FACTOR_LOCKED);
        context.forceChallenge(LockPages.allLocked(context.form(), context.getRealm(), locked));
    }

    /** The lock page has only links; anything posted to it is checked again. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
