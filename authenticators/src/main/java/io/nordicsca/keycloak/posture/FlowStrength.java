package io.nordicsca.keycloak.posture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.nordicsca.keycloak.app.AppApprovalAuthenticatorFactory;
import io.nordicsca.keycloak.codecard.CodeCardAuthenticatorFactory;
import io.nordicsca.keycloak.sms.SmsOtpAuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Reads an authentication flow the way Keycloak runs it and answers two questions: can it end in
 * success without a second factor, and can it end in success at all?
 *
 * <p>Keycloak's rules, as applied here: DISABLED executions do not run; when a flow has REQUIRED or
 * CONDITIONAL executions, its ALTERNATIVE ones are ignored and every REQUIRED one must pass; a
 * CONDITIONAL subflow may be skipped (its condition may be false for this customer, e.g. "has OTP
 * configured", which a code-card customer is not); otherwise one ALTERNATIVE must pass.
 *
 * <p>Levels of authentication (a CONDITIONAL subflow with Keycloak's
 * {@code conditional-level-of-authentication}): Keycloak 26.7's condition
 * ({@code ConditionalLoaAuthenticator.matchCondition}) is true while the customer has reached no level
 * yet in this sign-in, whatever the client asked for, and false for a level above the one asked for
 * (or one already reached). So on a fresh sign-in the FIRST level subflow Keycloak evaluates (by
 * priority, order of the admin console) runs, whatever its level, and its success sets that level;
 * later ones may be skipped. That first one counts as REQUIRED, and only when the level condition is
 * its only condition (another condition may be false, and then it is skipped too); every other level
 * subflow counts as an ordinary CONDITIONAL one. A level subflow without a readable level is read as
 * an ordinary CONDITIONAL one too.
 *
 * <p>A step proves a second factor when it is one of ours or one of Keycloak's own second-factor
 * steps. {@code deny-access-authenticator} and our password-grant refusal never pass. An SSO cookie and a redirect to an identity
 * provider carry a sign-in made elsewhere; the report checks those other flows on their own.
 */
final class FlowStrength {

    /** Keycloak 26.7 steps that prove possession of a second factor. */
    /**
     * Keycloak's second-factor steps and the required action that sets each up. Where such a step is
     * REQUIRED, a customer without the credential passes it by "setting it up" after the password
     * alone (Keycloak adds the required action, and the action asks for nothing more): with that
     * action enabled, the step proves nothing for those customers. Our own steps' setup actions
     * demand another strong factor first, and a disabled one refuses the sign-in.
     */
    static final Map<String, String> SET_UP_ON_THE_PASSWORD = Map.of(
            "auth-otp-form", "CONFIGURE_TOTP",
            "webauthn-authenticator", "webauthn-register",
            "webauthn-authenticator-passwordless", "webauthn-register-passwordless",
            "auth-recovery-authn-code-form", "CONFIGURE_RECOVERY_AUTHN_CODES");

    static final Set<String> SECOND_FACTORS = Set.of(
            CodeCardAuthenticatorFactory.PROVIDER_ID,
            SmsOtpAuthenticatorFactory.PROVIDER_ID,
            AppApprovalAuthenticatorFactory.PROVIDER_ID,
            "auth-otp-form",
            "direct-grant-validate-otp",
            "webauthn-authenticator",
            "webauthn-authenticator-passwordless",
            "auth-recovery-authn-code-form");

    /** Steps that never pass: Keycloak's "Deny access" and ours for the direct grant flow. */
    static final Set<String> REFUSALS = Set.of("deny-access-authenticator", NoPasswordGrantAuthenticatorFactory.PROVIDER_ID);

    /** Steps that pass on a sign-in made in another flow (SSO cookie) or at an identity provider. */
    private static final Set<String> DELEGATED = Set.of("auth-cookie", "identity-provider-redirector");

    /** Keycloak's condition of a level-of-authentication subflow. */
    static final String LEVEL_CONDITION = "conditional-level-of-authentication";

    /** Flows nested deeper than this are treated as weak: a loop or a mistake, either way not proof. */
    private static final int MAX_DEPTH = 16;

    /**
     * @param weak   some path ends in success without a second factor
     * @param strong some path ends in success with one
     */
    record Paths(boolean weak, boolean strong) {
        static final Paths WEAK = new Paths(true, false);
        static final Paths STRONG = new Paths(false, true);
        static final Paths NEVER = new Paths(false, false);

        boolean refuses() {
            return !weak && !strong;
        }
    }

    private final RealmModel realm;
    /** Whether an authenticator id is a condition (Keycloak evaluates those before running a CONDITIONAL subflow). */
    private final Predicate<String> condition;

    FlowStrength(RealmModel realm, Predicate<String> condition) {
        this.realm = realm;
        this.condition = condition;
    }

    /** Conditions as Keycloak's admin console knows them: their factory is a {@link ConditionalAuthenticatorFactory}. */
    static FlowStrength of(KeycloakSession session, RealmModel realm) {
        KeycloakSessionFactory factories = session.getKeycloakSessionFactory();
        return new FlowStrength(realm, id -> factories.getProviderFactory(Authenticator.class, id) instanceof ConditionalAuthenticatorFactory);
    }

    Paths of(AuthenticationFlowModel flow) {
        return flow == null ? Paths.WEAK : flow(flow.getId(), alwaysRunLevel(flow.getId()), 0);
    }

    /**
     * The levels of a flow's own level subflows, in the order Keycloak evaluates them (unreadable levels
     * left out). Anything but ascending order is a mistake: the first one runs on every fresh sign-in.
     */
    List<Integer> levels(String flowId) {
        List<Integer> levels = new ArrayList<>();
        enabled(flowId).stream().filter(this::isLevelSubflow).map(e -> level(e.getFlowId())).filter(Objects::nonNull)
                .forEach(levels::add);
        return levels;
    }

    /**
     * The level subflow that runs on every fresh sign-in that reaches it, or null: the first level
     * subflow met in the order Keycloak evaluates the top-level flow, when its level is readable and the
     * level is its only condition.
     */
    private AuthenticationExecutionModel alwaysRunLevel(String topFlowId) {
        AuthenticationExecutionModel first = firstLevelSubflow(topFlowId, 0);
        return first != null && level(first.getFlowId()) != null && onlyTheLevelCondition(first.getFlowId()) ? first : null;
    }

    /** Depth first, by priority, as Keycloak runs the executions (ALTERNATIVEs beside REQUIRED ones never run). */
    private AuthenticationExecutionModel firstLevelSubflow(String flowId, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        for (AuthenticationExecutionModel execution : running(enabled(flowId))) {
            if (isLevelSubflow(execution)) {
                return execution;
            }
            AuthenticationExecutionModel nested = execution.isAuthenticatorFlow() ? firstLevelSubflow(execution.getFlowId(), depth + 1) : null;
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private boolean isLevelSubflow(AuthenticationExecutionModel execution) {
        return execution.isAuthenticatorFlow() && execution.getRequirement() == Requirement.CONDITIONAL
                && enabled(execution.getFlowId()).stream().anyMatch(e -> LEVEL_CONDITION.equals(e.getAuthenticator()));
    }

    private boolean onlyTheLevelCondition(String flowId) {
        return enabled(flowId).stream()
                .filter(e -> !e.isAuthenticatorFlow() && e.getAuthenticator() != null && condition.test(e.getAuthenticator()))
                .allMatch(e -> LEVEL_CONDITION.equals(e.getAuthenticator()));
    }

    private List<AuthenticationExecutionModel> enabled(String flowId) {
        return realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> e.getRequirement() != Requirement.DISABLED)
                .toList();
    }

    /** The executions Keycloak runs in a flow: its REQUIRED and CONDITIONAL ones if any, else its ALTERNATIVE ones. */
    private static List<AuthenticationExecutionModel> running(List<AuthenticationExecutionModel> executions) {
        List<AuthenticationExecutionModel> required = required(executions);
        return required.isEmpty() ? executions : required;
    }

    private static List<AuthenticationExecutionModel> required(List<AuthenticationExecutionModel> executions) {
        return executions.stream()
                .filter(e -> e.getRequirement() == Requirement.REQUIRED || e.getRequirement() == Requirement.CONDITIONAL)
                .toList();
    }

    private Paths flow(String flowId, AuthenticationExecutionModel alwaysRunLevel, int depth) {
        if (depth > MAX_DEPTH) {
            return Paths.WEAK;
        }
        List<AuthenticationExecutionModel> executions = enabled(flowId);
        List<AuthenticationExecutionModel> required = required(executions);
        if (!required.isEmpty()) {
            boolean allPassable = true;
            boolean allWeak = true;
            boolean anyStrong = false;
            for (AuthenticationExecutionModel execution : required) {
                Paths paths = execution.equals(alwaysRunLevel) // same id: the realm hands out new models on each read
                        ? flow(execution.getFlowId(), alwaysRunLevel, depth + 1) : execution(execution, alwaysRunLevel, depth);
                allPassable &= !paths.refuses();
                allWeak &= paths.weak();
                anyStrong |= paths.strong();
            }
            return allPassable ? new Paths(allWeak, anyStrong) : Paths.NEVER;
        }
        if (executions.isEmpty()) {
            return Paths.WEAK; // nothing to pass: Keycloak lets an empty flow through
        }
        boolean anyWeak = false;
        boolean anyStrong = false;
        for (AuthenticationExecutionModel execution : executions) {
            Paths paths = execution(execution, alwaysRunLevel, depth);
            anyWeak |= paths.weak();
            anyStrong |= paths.strong();
        }
        return new Paths(anyWeak, anyStrong);
    }

    /** The level a subflow's level condition sets, or null (no such condition, or no readable level). */
    private Integer level(String flowId) {
        return enabled(flowId).stream()
                .filter(e -> LEVEL_CONDITION.equals(e.getAuthenticator()))
                .findFirst()
                .map(e -> e.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()))
                .map(LoAUtil::getLevelFromLoaConditionConfiguration)
                .orElse(null);
    }

    private boolean setUpOnThePassword(String authenticator) {
        String action = SET_UP_ON_THE_PASSWORD.get(authenticator);
        RequiredActionProviderModel setup = action == null ? null : realm.getRequiredActionProviderByAlias(action);
        return setup != null && setup.isEnabled();
    }

    private Paths execution(AuthenticationExecutionModel execution, AuthenticationExecutionModel alwaysRunLevel, int depth) {
        Paths paths;
        if (execution.isAuthenticatorFlow()) {
            paths = flow(execution.getFlowId(), alwaysRunLevel, depth + 1);
        } else if (SECOND_FACTORS.contains(execution.getAuthenticator())) {
            paths = execution.getRequirement() == Requirement.REQUIRED && setUpOnThePassword(execution.getAuthenticator())
                    ? new Paths(true, true) : Paths.STRONG;
        } else if (REFUSALS.contains(execution.getAuthenticator())) {
            paths = Paths.NEVER;
        } else if (DELEGATED.contains(execution.getAuthenticator())) {
            paths = Paths.STRONG;
        } else {
            paths = Paths.WEAK; // password, username, conditions, profile review, account linking, ...
        }
        if (execution.getRequirement() == Requirement.CONDITIONAL) {
            return new Paths(true, paths.strong()); // the condition may be false: the subflow is skipped
        }
        return paths;
    }
}
