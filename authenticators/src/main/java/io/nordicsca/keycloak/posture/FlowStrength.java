package io.nordicsca.keycloak.posture;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nordicsca.keycloak.app.AppApprovalAuthenticatorFactory;
import io.nordicsca.keycloak.codecard.CodeCardAuthenticatorFactory;
import io.nordicsca.keycloak.sms.SmsOtpAuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
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
 * <p>Levels of authentication: among a flow's CONDITIONAL subflows that start with Keycloak's
 * {@code conditional-level-of-authentication}, the one with the lowest level always runs on a fresh
 * sign-in (the customer has reached no level yet in this session, whatever the client asked for), so
 * it counts as REQUIRED; the higher levels run only when a client asks for them and may be skipped.
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

    private FlowStrength() {
    }

    static Paths of(RealmModel realm, AuthenticationFlowModel flow) {
        return flow == null ? Paths.WEAK : flow(realm, flow.getId(), 0);
    }

    private static Paths flow(RealmModel realm, String flowId, int depth) {
        if (depth > MAX_DEPTH) {
            return Paths.WEAK;
        }
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> e.getRequirement() != Requirement.DISABLED)
                .toList();
        List<AuthenticationExecutionModel> required = executions.stream()
                .filter(e -> e.getRequirement() == Requirement.REQUIRED || e.getRequirement() == Requirement.CONDITIONAL)
                .toList();
        if (!required.isEmpty()) {
            AuthenticationExecutionModel lowestLevel = lowestLevel(realm, required);
            boolean allPassable = true;
            boolean allWeak = true;
            boolean anyStrong = false;
            for (AuthenticationExecutionModel execution : required) {
                Paths paths = execution == lowestLevel ? flow(realm, execution.getFlowId(), depth + 1) : execution(realm, execution, depth);
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
            Paths paths = execution(realm, execution, depth);
            anyWeak |= paths.weak();
            anyStrong |= paths.strong();
        }
        return new Paths(anyWeak, anyStrong);
    }

    /** The CONDITIONAL level-of-authentication subflow with the lowest level, or null when there is none. */
    private static AuthenticationExecutionModel lowestLevel(RealmModel realm, List<AuthenticationExecutionModel> executions) {
        AuthenticationExecutionModel lowest = null;
        int lowestLevel = Integer.MAX_VALUE;
        for (AuthenticationExecutionModel execution : executions) {
            Integer level = execution.isAuthenticatorFlow() && execution.getRequirement() == Requirement.CONDITIONAL
                    ? level(realm, execution.getFlowId()) : null;
            if (level != null && level < lowestLevel) {
                lowest = execution;
                lowestLevel = level;
            }
        }
        return lowest;
    }

    /** The level a subflow's REQUIRED level condition sets, or null (no such condition, or no readable level). */
    private static Integer level(RealmModel realm, String flowId) {
        return realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> e.getRequirement() == Requirement.REQUIRED && LEVEL_CONDITION.equals(e.getAuthenticator()))
                .findFirst()
                .map(e -> e.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()))
                .map(LoAUtil::getLevelFromLoaConditionConfiguration)
                .orElse(null);
    }

    private static boolean setUpOnThePassword(RealmModel realm, String authenticator) {
        String action = SET_UP_ON_THE_PASSWORD.get(authenticator);
        RequiredActionProviderModel setup = action == null ? null : realm.getRequiredActionProviderByAlias(action);
        return setup != null && setup.isEnabled();
    }

    private static Paths execution(RealmModel realm, AuthenticationExecutionModel execution, int depth) {
        Paths paths;
        if (execution.isAuthenticatorFlow()) {
            paths = flow(realm, execution.getFlowId(), depth + 1);
        } else if (SECOND_FACTORS.contains(execution.getAuthenticator())) {
            paths = execution.getRequirement() == Requirement.REQUIRED && setUpOnThePassword(realm, execution.getAuthenticator())
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
