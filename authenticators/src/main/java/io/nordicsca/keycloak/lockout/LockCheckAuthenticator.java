package io.nordicsca.keycloak.lockout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nordicsca.keycloak.ProvesNoFactor;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The lock check step, placed after the password and before the second factor: a customer whose
 * second factors are all locked meets the lock page (what to do, "Start again") before typing
 * anything more; anyone with at least one open factor passes unseen.
 *
 * <p>Why a step of its own: a locked factor's step reports itself not configured, but when every
 * ALTERNATIVE step of a REQUIRED subflow is not configured, Keycloak ends the sign-in with a generic
 * error; this step answers first, with lockout's page. For a customer with an open factor it also
 * leaves the locked ones out of "Try another way" (which Keycloak builds without asking the steps).
 *
 * <p>Only factors the customer has count (see {@link FactorStep#has}); a customer with none passes,
 * and the flow decides (a required setup, or Keycloak's refusal). Nothing is counted or changed.
 */
public class LockCheckAuthenticator implements ProvesNoFactor {

    /** Details of the event sent when the step stops a customer: the locked factors, e.g. code-card,sms. */
    static final String FACTORS = "nordic_sca_factors";

    /** The steps that know whether a customer has their factor, by factor; read from the server's providers. */
    private final Map<Factor, FactorStep> steps;
    /** Every factor step's provider id, with the factor it asks. */
    private final Map<String, Factor> stepFactors;

    LockCheckAuthenticator(Map<Factor, FactorStep> steps, Map<String, Factor> stepFactors) {
        this.steps = steps;
        this.stepFactors = stepFactors;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        LockCheckConfig config = LockCheckConfig.from(context.getAuthenticatorConfig());
        UserModel user = context.getUser();
        long now = Time.currentTime();
        List<FactorLock> locked = new ArrayList<>();
        boolean anyOpen = false;
        for (Factor factor : config.factors()) {
            FactorStep step = steps.get(factor);
            if (step == null || !step.has(context.getSession(), context.getRealm(), user)) {
                continue; // a factor the customer does not have does not count
            }
            FactorLock lock = FactorLocks.read(user, factor, now);
            if (lock.lockedAt(now)) {
                locked.add(lock);
            } else {
                anyOpen = true;
            }
        }
        if (anyOpen || locked.isEmpty()) {
            leaveOutOfTryAnotherWay(context, locked);
            context.success(); // one open factor is enough: the second-factor step offers it
            return;
        }
        context.getEvent().clone().user(user)
                .detail(FACTORS, locked.stream().map(lock -> lock.factor().id()).collect(Collectors.joining(",")))
                .error(LockoutEvents.FACTOR_LOCKED);
        context.forceChallenge(LockPages.allLocked(context.form(), context.getRealm(), locked));
    }

    /**
     * Keycloak 26.7 lists a step in "Try another way" by the customer's credential types and never
     * asks the step itself, so a locked card would be offered, and choosing it ends on Keycloak's
     * generic error. Keycloak leaves out what this sign-in has already processed, so each ALTERNATIVE
     * step of a locked factor is marked skipped for this sign-in. Only ALTERNATIVE steps: marking a
     * REQUIRED one would let the flow pass it.
     */
    private void leaveOutOfTryAnotherWay(AuthenticationFlowContext context, List<FactorLock> locked) {
        if (locked.isEmpty()) {
            return;
        }
        Set<Factor> factors = locked.stream().map(FactorLock::factor).collect(Collectors.toSet());
        alternativesOf(context, context.getTopLevelFlow().getId(), factors)
                .forEach(execution -> context.getAuthenticationSession().setExecutionStatus(execution.getId(),
                        AuthenticationSessionModel.ExecutionStatus.SKIPPED));
    }

    private Stream<AuthenticationExecutionModel> alternativesOf(AuthenticationFlowContext context, String flowId, Set<Factor> factors) {
        return context.getRealm().getAuthenticationExecutionsStream(flowId).flatMap(execution -> {
            if (execution.isAuthenticatorFlow()) {
                return alternativesOf(context, execution.getFlowId(), factors);
            }
            Factor factor = stepFactors.get(execution.getAuthenticator());
            return execution.isAlternative() && factor != null && factors.contains(factor) ? Stream.of(execution) : Stream.empty();
        });
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
