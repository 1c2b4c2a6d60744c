package io.nordicsca.it.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.DemoRealm;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The benchmarks' realm: the demo realm as it ships (brute-force detection on, as in a bank's
 * realm: its bookkeeping and our guess budgets are part of the cost) plus one plain top-level
 * browser flow per login to measure, so nothing but the second step differs between them:
 * password alone, or password then our code card, our SMS code, Keycloak's own OTP form, or our
 * app approval. The load drivers switch the realm's browser flow between them.
 */
public final class BenchFlows {

    /** The password of every benchmark customer. */
    public static final String PASSWORD = "Bench-password-1";
    public static final String PASSWORD_FLOW = "bench password";
    public static final String CARD_FLOW = "bench card";
    public static final String SMS_FLOW = "bench sms";
    public static final String OTP_FLOW = "bench otp";
    public static final String APP_FLOW = "bench app";

    private BenchFlows() {
    }

    /**
     * The demo realm with the bench flows. The SMS and app steps get configurations of their own,
     * the demo's settings with these changed (the per-customer limits hold in a benchmark too).
     */
    public static RealmRepresentation demoRealm(Map<String, String> smsSettings, Map<String, String> appSettings) {
        RealmRepresentation realm = DemoRealm.load();
        config(realm, "nordic-bank code card").put("lowCellsThreshold", "0");
        realm.getAuthenticatorConfig().add(copy(realm, "nordic-bank sms code", "bench sms code", smsSettings));
        realm.getAuthenticatorConfig().add(copy(realm, "nordic-bank app approval", "bench app approval", appSettings));
        AuthenticationFlowRepresentation passwordOnly = flow(PASSWORD_FLOW, List.of(execution("auth-username-password-form", null, 10)));
        realm.getAuthenticationFlows().addAll(List.of(passwordOnly,
                withSecondStep(CARD_FLOW, "nordic-sca-code-card", "nordic-bank code card"),
                withSecondStep(SMS_FLOW, "nordic-sca-sms-otp", "bench sms code"),
                withSecondStep(OTP_FLOW, "auth-otp-form", null),
                withSecondStep(APP_FLOW, "nordic-sca-app-approval", "bench app approval")));
        return realm;
    }

    /** Makes this flow the realm's browser flow. */
    public static void useFlow(RealmResource realm, String alias) {
        RealmRepresentation representation = realm.toRepresentation();
        representation.setBrowserFlow(alias);
        realm.update(representation);
    }

    private static Map<String, String> config(RealmRepresentation realm, String alias) {
        return realm.getAuthenticatorConfig().stream().filter(c -> alias.equals(c.getAlias())).findFirst().orElseThrow().getConfig();
    }

    private static AuthenticatorConfigRepresentation copy(RealmRepresentation realm, String alias, String newAlias, Map<String, String> changes) {
        AuthenticatorConfigRepresentation copy = new AuthenticatorConfigRepresentation();
        copy.setAlias(newAlias);
        copy.setConfig(new HashMap<>(config(realm, alias)));
        copy.getConfig().putAll(changes);
        return copy;
    }

    private static AuthenticationFlowRepresentation withSecondStep(String alias, String secondStep, String secondStepConfig) {
        return flow(alias, List.of(execution("auth-username-password-form", null, 10), execution(secondStep, secondStepConfig, 20)));
    }

    private static AuthenticationFlowRepresentation flow(String alias, List<AuthenticationExecutionExportRepresentation> executions) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow.setAuthenticationExecutions(new ArrayList<>(executions));
        return flow;
    }

    private static AuthenticationExecutionExportRepresentation execution(String authenticator, String config, int priority) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorConfig(config);
        execution.setAuthenticatorFlow(false);
        execution.setPriority(priority);
        execution.setRequirement("REQUIRED");
        execution.setUserSetupAllowed(false);
        return execution;
    }
}
