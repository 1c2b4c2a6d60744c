package io.nordicsca.keycloak.posture;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How Keycloak runs a flow, as the posture report reads it: which flows let a customer in without a second factor. */
class FlowStrengthTest {

    private final Map<String, List<AuthenticationExecutionModel>> flows = new HashMap<>();
    private final Map<String, RequiredActionProviderModel> requiredActions = new HashMap<>();
    private final Map<String, AuthenticatorConfigModel> configs = new HashMap<>();
    /** A realm that answers only what FlowStrength asks: the executions of a flow. */
    private final RealmModel realm = (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RealmModel.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getAuthenticationExecutionsStream")) {
                    return flows.getOrDefault((String) args[0], List.of()).stream();
                }
                if (method.getName().equals("getAuthenticatorConfigById")) {
                    return configs.get((String) args[0]);
                }
                if (method.getName().equals("getRequiredActionProviderByAlias")) {
                    return requiredActions.get((String) args[0]);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    /** Keycloak's conditions all have ids starting with "conditional-" (the server asks their factories). */
    private final FlowStrength strength = new FlowStrength(realm, id -> id.startsWith("conditional-"));
    private int executions;

    @Test
    void keycloaksDefaultBrowserFlowLetsACodeCardCustomerInOnThePassword() {
        flow("browser",
                step("auth-cookie", Requirement.ALTERNATIVE),
                step("identity-provider-redirector", Requirement.ALTERNATIVE),
                subflow("forms", Requirement.ALTERNATIVE));
        flow("forms", step("auth-username-password-form", Requirement.REQUIRED), subflow("conditional otp", Requirement.CONDITIONAL));
        flow("conditional otp", step("conditional-user-configured", Requirement.REQUIRED), step("auth-otp-form", Requirement.REQUIRED));

        FlowStrength.Paths paths = strength.of(top("browser"));
        assertTrue(paths.weak(), "the conditional OTP is skipped for a customer without OTP");
    }

    @Test
    void aRequiredSubflowOfSecondFactorAlternativesIsStrong() {
        flow("browser", step("auth-cookie", Requirement.ALTERNATIVE), subflow("forms", Requirement.ALTERNATIVE));
        flow("forms", step("auth-username-password-form", Requirement.REQUIRED), subflow("second factor", Requirement.REQUIRED));
        flow("second factor",
                step("nordic-sca-app-approval", Requirement.ALTERNATIVE),
                step("nordic-sca-code-card", Requirement.ALTERNATIVE),
                step("nordic-sca-sms-otp", Requirement.ALTERNATIVE));

        FlowStrength.Paths paths = strength.of(top("browser"));
        assertFalse(paths.weak());
        assertTrue(paths.strong());
    }

    @Test
    void theLockCheckProvesNothingTheDemoFlowStaysStrongBecauseOfItsSecondFactorAndIsWeakWithout() {
        flow("forms", step("nordic-sca-username-password", Requirement.REQUIRED), step("nordic-sca-lock-check", Requirement.REQUIRED),
                subflow("second factor", Requirement.REQUIRED));
        flow("second factor", step("nordic-sca-code-card", Requirement.ALTERNATIVE), step("nordic-sca-sms-otp", Requirement.ALTERNATIVE));
        flow("password and lock check", step("nordic-sca-username-password", Requirement.REQUIRED), step("nordic-sca-lock-check", Requirement.REQUIRED));

        FlowStrength.Paths demo = strength.of(top("forms"));
        assertFalse(demo.weak(), "the lock check before the second factor adds no way around it");
        assertTrue(demo.strong());
        assertTrue(strength.of(top("password and lock check")).weak(), "the lock check is not a second factor");
    }

    @Test
    void aPasswordAlternativeBesideASecondFactorIsWeak() {
        flow("second factor", step("nordic-sca-code-card", Requirement.ALTERNATIVE), step("auth-username-password-form", Requirement.ALTERNATIVE));
        assertTrue(strength.of(top("second factor")).weak());
    }

    @Test
    void alternativesAreIgnoredWhereTheFlowHasRequiredSteps() {
        flow("direct grant", step("direct-grant-validate-username", Requirement.REQUIRED),
                step("direct-grant-validate-password", Requirement.REQUIRED),
                step("direct-grant-validate-otp", Requirement.ALTERNATIVE));
        assertTrue(strength.of(top("direct grant")).weak(), "Keycloak skips the OTP alternative beside required steps");
    }

    @Test
    void denyAccessAndOurPasswordGrantRefusalRefuseEveryWayThrough() {
        flow("deny", step("deny-access-authenticator", Requirement.REQUIRED));
        flow("no password grant", step("nordic-sca-no-password-grant", Requirement.REQUIRED));
        for (String flow : new String[]{"deny", "no password grant"}) {
            FlowStrength.Paths paths = strength.of(top(flow));
            assertTrue(paths.refuses(), flow);
            assertFalse(paths.weak(), flow);
        }
    }

    @Test
    void disabledStepsDoNotCountAndAnEmptyFlowLetsEveryoneIn() {
        flow("disabled", step("nordic-sca-code-card", Requirement.DISABLED), step("auth-username-password-form", Requirement.REQUIRED));
        assertTrue(strength.of(top("disabled")).weak());
        assertTrue(strength.of(top("nothing")).weak());
        assertTrue(strength.of(null).weak(), "no flow bound");
    }

    @Test
    void aFlowThatContainsItselfIsNotProof() {
        flow("loop", step("auth-username-password-form", Requirement.REQUIRED), subflow("loop", Requirement.REQUIRED));
        assertTrue(strength.of(top("loop")).weak());
    }

    @Test
    void aRequiredOtpStepIsNoProofWhileCustomersMaySetUpOtpOnThePassword() {
        flow("forms", step("auth-username-password-form", Requirement.REQUIRED), step("auth-otp-form", Requirement.REQUIRED));
        requiredAction("CONFIGURE_TOTP", true);
        assertTrue(strength.of(top("forms")).weak(), "a customer without OTP registers the attacker's authenticator app");

        requiredAction("CONFIGURE_TOTP", false);
        assertFalse(strength.of(top("forms")).weak(), "without the setup action, Keycloak refuses customers without OTP");
    }

    @Test
    void ourRequiredStepsStayProofBecauseTheirSetupAsksForAnotherFactor() {
        flow("forms", step("auth-username-password-form", Requirement.REQUIRED), step("nordic-sca-app-approval", Requirement.REQUIRED));
        requiredAction("nordic-sca-enroll-app", true);
        assertFalse(strength.of(top("forms")).weak());
    }

    @Test
    void theFirstLevelOfAuthenticationAlwaysRunsSoTheDemoLadderIsStrong() {
        flow("browser", step("auth-cookie", Requirement.ALTERNATIVE), subflow("forms", Requirement.ALTERNATIVE));
        flow("forms", subflow("level sca", Requirement.CONDITIONAL), subflow("level sca-linked", Requirement.CONDITIONAL));
        flow("level sca", level(2, 36000), step("nordic-sca-username-password", Requirement.REQUIRED),
                step("nordic-sca-lock-check", Requirement.REQUIRED), subflow("second factor", Requirement.REQUIRED));
        flow("second factor", step("nordic-sca-app-approval", Requirement.ALTERNATIVE), step("nordic-sca-sms-otp", Requirement.ALTERNATIVE));
        flow("level sca-linked", level(3, 0), subflow("linked approval", Requirement.REQUIRED));
        flow("linked approval", step("nordic-sca-app-approval", Requirement.ALTERNATIVE), step("nordic-sca-sms-otp", Requirement.ALTERNATIVE));

        FlowStrength.Paths paths = strength.of(top("browser"));
        assertFalse(paths.weak(), "a fresh sign-in always runs level 2, whatever the client asks for");
        assertTrue(paths.strong());
    }

    @Test
    void aLadderWhoseFirstLevelIsThePasswordAloneIsWeak() {
        flow("forms", subflow("level 1", Requirement.CONDITIONAL), subflow("level 2", Requirement.CONDITIONAL));
        flow("level 1", level(1, 36000), step("auth-username-password-form", Requirement.REQUIRED));
        flow("level 2", level(2, 36000), step("nordic-sca-sms-otp", Requirement.REQUIRED));

        assertTrue(strength.of(top("forms")).weak(), "level 1 runs first and alone when a client asks for no more");
    }

    @Test
    void theFirstLevelByPriorityRunsWhateverItsLevelSoAPasswordOnlyLevelThreeBeforeLevelTwoIsWeak() {
        // Keycloak's condition is true while no level is reached yet: level 3 runs on every fresh sign-in,
        // and level 2 is then skipped for a client that asks for no level (its token says level 3).
        flow("forms", subflow("level 3", Requirement.CONDITIONAL), subflow("level 2", Requirement.CONDITIONAL));
        flow("level 3", level(3, 0), step("auth-username-password-form", Requirement.REQUIRED));
        flow("level 2", level(2, 36000), step("auth-username-password-form", Requirement.REQUIRED),
                subflow("second factor", Requirement.REQUIRED));
        flow("second factor", step("nordic-sca-app-approval", Requirement.ALTERNATIVE), step("nordic-sca-sms-otp", Requirement.ALTERNATIVE));

        assertTrue(strength.of(top("forms")).weak(), "the password alone passes level 3, and level 2 may be skipped");
        assertEquals(List.of(3, 2), strength.levels("forms"), "the levels in the order Keycloak evaluates them");
    }

    @Test
    void theFirstLevelIsSkippableWhenAnotherConditionGuardsIt() {
        flow("forms", subflow("level 2", Requirement.CONDITIONAL), subflow("level 3", Requirement.CONDITIONAL));
        flow("level 2", level(2, 36000), step("conditional-user-role", Requirement.REQUIRED),
                step("auth-username-password-form", Requirement.REQUIRED), step("nordic-sca-sms-otp", Requirement.REQUIRED));
        flow("level 3", level(3, 0), step("nordic-sca-app-approval", Requirement.REQUIRED));

        assertTrue(strength.of(top("forms")).weak(), "a customer without the role skips level 2, and level 3 may be skipped too");

        flow("level 2", level(2, 36000), step("auth-username-password-form", Requirement.REQUIRED), step("nordic-sca-sms-otp", Requirement.REQUIRED));
        assertFalse(strength.of(top("forms")).weak(), "the same ladder with the level as its only condition");
    }

    @Test
    void onlyTheFirstLevelSubflowOfTheWholeFlowAlwaysRuns() {
        // A level reached in an earlier subflow counts for the later ones: their first is not a fresh start.
        flow("browser", subflow("earlier", Requirement.REQUIRED), subflow("later", Requirement.REQUIRED));
        flow("earlier", subflow("level 3", Requirement.CONDITIONAL));
        flow("level 3", level(3, 0), step("auth-username-password-form", Requirement.REQUIRED));
        flow("later", subflow("level 2", Requirement.CONDITIONAL));
        flow("level 2", level(2, 36000), step("nordic-sca-sms-otp", Requirement.REQUIRED));

        assertTrue(strength.of(top("browser")).weak());
    }

    @Test
    void levelSubflowsWithoutAReadableLevelMayAllBeSkipped() {
        flow("forms", subflow("level ?", Requirement.CONDITIONAL));
        flow("level ?", step("conditional-level-of-authentication", Requirement.REQUIRED), step("nordic-sca-sms-otp", Requirement.REQUIRED));

        assertTrue(strength.of(top("forms")).weak(), "no level to rank: read as an ordinary condition");
    }

    private AuthenticationExecutionModel level(int level, int maxAge) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setId("level " + level + " config");
        config.setConfig(Map.of("loa-condition-level", String.valueOf(level), "loa-max-age", String.valueOf(maxAge)));
        configs.put(config.getId(), config);
        AuthenticationExecutionModel execution = step("conditional-level-of-authentication", Requirement.REQUIRED);
        execution.setAuthenticatorConfig(config.getId());
        return execution;
    }

    private void requiredAction(String alias, boolean enabled) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(alias);
        action.setProviderId(alias);
        action.setEnabled(enabled);
        requiredActions.put(alias, action);
    }

    private void flow(String id, AuthenticationExecutionModel... executions) {
        flows.put(id, new ArrayList<>(List.of(executions)));
    }

    private static AuthenticationFlowModel top(String id) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId(id);
        flow.setAlias(id);
        return flow;
    }

    private AuthenticationExecutionModel step(String authenticator, Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("execution " + ++executions); // Keycloak's models are equal by id
        execution.setAuthenticator(authenticator);
        execution.setRequirement(requirement);
        return execution;
    }

    private AuthenticationExecutionModel subflow(String flowId, Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("execution " + ++executions);
        execution.setAuthenticatorFlow(true);
        execution.setFlowId(flowId);
        execution.setRequirement(requirement);
        return execution;
    }
}
