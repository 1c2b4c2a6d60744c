package io.nordicsca.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assurance ladder as a relying party sees it: the {@code acr} a sign-in reports, {@code auth_time},
 * the demo client's minimum level, step-up that asks only for what is missing within the level's max
 * age, essential levels that cannot be met, and eIDAS-style names through a client's own map.
 *
 * <p>Keycloak's open step-up bugs, and the shapes used here and in the demo realm that stay clear of them:
 * <ul>
 *   <li>#15237 ("Step-up authentication ignores acr_values"): a request for a high level first runs a lower
 *       level whose max age is 0, which is then never remembered, so the step-up never finishes. Only the
 *       highest level of a ladder has max age 0 (the demo's payment level); the lower ones are remembered.</li>
 *   <li>#25335 ("brokered IdP authentication breaks step-up"): a sign-in through an identity provider
 *       inside a level subflow sets no level. No level subflow holds an identity provider redirector; the
 *       first broker login flow has no levels.</li>
 *   <li>#31534 ("Multiple acr_values requested not considering highest LoA"): Keycloak takes the first of
 *       several {@code acr_values}, not the highest. Every request here (and the demo web app's) names one
 *       level; nordic-bank-web's {@code minimum.acr.value} keeps a lower first value from lowering it.</li>
 * </ul>
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AssuranceLevelsTest {

    static final String PASSWORD_LEVEL = "urn:nordic-sca:loa:password";
    static final String SCA = "urn:nordic-sca:loa:sca";
    static final String SCA_LINKED = "urn:nordic-sca:loa:sca-linked";

    private static final String LADDER_FLOW = "assurance-test ladder";
    private static final String LADDER_CLIENT = "assurance-test-ladder";
    private static final String EIDAS_CLIENT = "assurance-test-eidas";
    private static final String REDIRECT_URI = "http://localhost:3001/callback";
    /** The test ladder's level 2 is remembered this long: short, so the test can outlive it. */
    private static final int SCA_MAX_AGE_SECONDS = 20;
    private static final String CUSTOMER_PASSWORD = "Customer-password-13";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    /** The test's clients and flow, removed after each test so other tests and the posture report never see them. */
    @AfterEach
    void removeTestClientsAndFlow() {
        for (String clientId : List.of(LADDER_CLIENT, EIDAS_CLIENT)) {
            realm.admin().clients().findByClientId(clientId).forEach(client -> realm.admin().clients().get(client.getId()).remove());
        }
        flows().getFlows().stream().filter(flow -> flow.getAlias().startsWith("assurance-test")).forEach(flow -> {
            List<String> configs = flows().getExecutions(flow.getAlias()).stream()
                    .map(AuthenticationExecutionInfoRepresentation::getAuthenticationConfig).filter(Objects::nonNull).toList();
            flows().deleteFlow(flow.getId());
            for (String config : configs) {
                try {
                    flows().removeAuthenticatorConfig(config);
                } catch (NotFoundException deletedWithTheFlow) {
                    // Keycloak removed it with its execution
                }
            }
        });
    }

    @Test
    void aSignInReportsScaWithAmrAndAnAuthTimeThatSingleSignOnDoesNotRenew() throws InterruptedException {
        Customer customer = cardCustomer("assurance-sso");
        Browser browser = new Browser(urls.getBase());
        OidcClient app = OidcClient.demo(realm.getBaseUrl());

        long before = nowSeconds();
        Page signedIn = CodeCardStep.answerRightly(PasswordStep.signIn(browser, app, customer.username(), CUSTOMER_PASSWORD), customer.card());
        long after = nowSeconds();
        IDToken first = tokens(app, signedIn);

        assertEquals(SCA, first.getAcr(), "password and a possession factor");
        assertEquals(List.of("otp"), first.getOtherClaims().get("amr"), "the possession factor: the code card step's reference");
        assertNotNull(first.getAuth_time());
        assertTrue(first.getAuth_time() >= before && first.getAuth_time() <= after,
                "auth_time " + first.getAuth_time() + " is when the customer signed in, between " + before + " and " + after);

        Thread.sleep(2100); // auth_time has whole seconds: a renewed one would differ
        OidcClient later = OidcClient.demo(realm.getBaseUrl());
        Page sso = browser.open(later.authorizationUrl(Map.of("acr_values", SCA)));
        assertNotNull(sso.redirectedAwayTo(), "single sign-on at the same level asks for nothing: " + sso.body());
        IDToken second = tokens(later, sso);

        assertEquals(SCA, second.getAcr());
        assertEquals(first.getAuth_time(), second.getAuth_time(), "single sign-on is not a new authentication");
    }

    @Test
    void theDemoClientGetsAtLeastScaWhateverItAsksFor() {
        Customer customer = cardCustomer("assurance-minimum");
        OidcClient app = OidcClient.demo(realm.getBaseUrl());

        Page first = new Browser(urls.getBase()).open(app.authorizationUrl(Map.of("acr_values", PASSWORD_LEVEL)));
        Page afterPassword = first.form("kc-form-login").set("username", customer.username()).set("password", CUSTOMER_PASSWORD).submit();
        assertNull(afterPassword.redirectedAwayTo(), "no authorization code on the password alone");
        IDToken token = tokens(app, CodeCardStep.answerRightly(afterPassword, customer.card()));

        assertEquals(SCA, token.getAcr(), "minimum.acr.value of nordic-bank-web");
    }

    @Test
    void stepUpAsksOnlyForTheMissingFactorWithinTheLevelsMaxAgeAndAgainAfterIt() throws InterruptedException {
        Customer customer = cardCustomer("assurance-step-up");
        ladderClient();
        Browser browser = new Browser(urls.getBase());

        OidcClient passwordOnly = ladderApp();
        Page afterPassword = PasswordStep.signIn(browser, passwordOnly, customer.username(), CUSTOMER_PASSWORD);
        assertEquals(PASSWORD_LEVEL, tokens(passwordOnly, afterPassword).getAcr(), "the test ladder's level 1 is the password alone");

        OidcClient stepUp = ladderApp();
        Page asked = browser.open(stepUp.authorizationUrl(Map.of("acr_values", SCA)));
        assertOnlyTheCardIsAsked(asked);
        IDToken stepped = tokens(stepUp, CodeCardStep.answerRightly(asked, customer.card()));
        long steppedAt = nowSeconds();
        assertEquals(SCA, stepped.getAcr());

        OidcClient within = ladderApp();
        Page remembered = browser.open(within.authorizationUrl(Map.of("acr_values", SCA)));
        assertNotNull(remembered.redirectedAwayTo(), "within the max age the level is remembered: " + remembered.body());
        assertEquals(SCA, tokens(within, remembered).getAcr());

        Thread.sleep(Math.max(0, (steppedAt + SCA_MAX_AGE_SECONDS + 2 - nowSeconds()) * 1000));
        OidcClient expired = ladderApp();
        Page askedAgain = browser.open(expired.authorizationUrl(Map.of("acr_values", SCA)));
        assertOnlyTheCardIsAsked(askedAgain);
        assertEquals(SCA, tokens(expired, CodeCardStep.answerRightly(askedAgain, customer.card())).getAcr());
    }

    /**
     * OpenID Connect Core 1.0 §5.5.1.1: an essential {@code acr} the server cannot satisfy must not end in a token of
     * a lower level. Keycloak 26.7 refuses an essential value it does not know before anything is asked
     * ("Invalid parameter: claims"), and checks the level reached when the flow ends
     * ({@code ConditionalLoaAuthenticator.onTopFlowSuccess}): a known level the flow cannot reach ends the sign-in on
     * its error page ({@code acrNotFulfilled}, our text in six languages). Either way the client never gets a code.
     */
    @Test
    void anEssentialLevelTheFlowCannotReachEndsTheSignInNeverALowerAcr() throws Exception {
        Customer customer = cardCustomer("assurance-essential");
        ladderClient();

        Page unknown = new Browser(urls.getBase()).open(ladderApp().authorizationUrl(Map.of("claims", essentialAcr("urn:nordic-sca:loa:unknown"))));
        assertNull(unknown.redirectedAwayTo(), "no code, nothing asked");
        assertEquals(ENGLISH.text("invalidParameterMessage", "claims"), errorMessage(unknown), unknown.body());

        OidcClient app = ladderApp();
        Page password = new Browser(urls.getBase()).open(app.authorizationUrl(Map.of("claims", essentialAcr(SCA_LINKED))));
        Page card = password.form("kc-form-login").set("username", customer.username()).set("password", CUSTOMER_PASSWORD).submit();
        Page end = CodeCardStep.answerRightly(card, customer.card());
        assertNull(end.redirectedAwayTo(), "level 2 reached, level 3 demanded: no code for level 2");
        assertEquals(ENGLISH.text("acrNotFulfilled"), errorMessage(end), end.body());
    }

    private static String essentialAcr(String acr) throws IOException {
        return JsonSerialization.writeValueAsString(Map.of("id_token", Map.of("acr", Map.of("essential", true, "values", List.of(acr)))));
    }

    private static String errorMessage(Page page) {
        return page.document().select("#kc-error-message .instruction").text();
    }

    @Test
    void aClientWithEidasStyleNamesGetsTheNameItAskedFor() throws Exception {
        Customer customer = cardCustomer("assurance-eidas");
        Map<String, Integer> names = Map.of("substantial", 2, "high", 3, PASSWORD_LEVEL, 1, SCA, 2, SCA_LINKED, 3);
        ClientRepresentation client = publicClient(EIDAS_CLIENT);
        client.getAttributes().put("acr.loa.map", JsonSerialization.writeValueAsString(names));
        create(client);

        OidcClient app = new OidcClient(realm.getBaseUrl(), EIDAS_CLIENT, REDIRECT_URI);
        Page first = new Browser(urls.getBase()).open(app.authorizationUrl(Map.of("acr_values", "substantial")));
        Page afterPassword = first.form("kc-form-login").set("username", customer.username()).set("password", CUSTOMER_PASSWORD).submit();
        IDToken token = tokens(app, CodeCardStep.answerRightly(afterPassword, customer.card()));

        assertEquals("substantial", token.getAcr(), "the realm's browser flow (level 2), in the client's words");
    }

    @Test
    void thePostureReportNamesAClientWhoseLadderReachesALevelOnThePasswordAlone() {
        ladderClient();

        HttpResponse<String> report = new CodeCardDesk(urls.getBase(), realm.getName(), admin)
                .callPath("GET", "/admin/realms/" + realm.getName() + "/nordic-sca/posture");
        assertEquals(200, report.statusCode(), report.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) CodeCardDesk.json(report.body()).get("findings");
        assertTrue(findings.stream().anyMatch(f -> "flow.browser".equals(f.get("id")) && LADDER_CLIENT.equals(f.get("subject"))
                        && "HIGH".equals(f.get("severity"))),
                "level 1 runs alone on every fresh sign-in that asks for no more: " + findings);
    }

    // ---- the test ladder: level 1 the password, level 2 the code card ----

    private record Customer(String username, CodeCardDesk.Card card) {
    }

    private Customer cardCustomer(String username) {
        String id = Customers.add(realm, username, CUSTOMER_PASSWORD);
        return new Customer(username, new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(id, 100));
    }

    private OidcClient ladderApp() {
        return new OidcClient(realm.getBaseUrl(), LADDER_CLIENT, REDIRECT_URI);
    }

    /**
     * A client bound (authenticationFlowBindingOverrides) to a two-level flow: auth-cookie | (level 1:
     * password; level 2: code card, max age {@link #SCA_MAX_AGE_SECONDS}).
     */
    private void ladderClient() {
        topLevelFlow(LADDER_FLOW);
        flows().addExecution(LADDER_FLOW, Map.of("provider", "auth-cookie"));
        setRequirement(LADDER_FLOW, "auth-cookie", "ALTERNATIVE");
        String forms = subflow(LADDER_FLOW, "assurance-test forms", "ALTERNATIVE");
        String level1 = subflow(forms, "assurance-test level 1", "CONDITIONAL");
        level(level1, 1, 36000);
        step(level1, "nordic-sca-username-password", Map.of());
        String level2 = subflow(forms, "assurance-test level 2", "CONDITIONAL");
        level(level2, 2, SCA_MAX_AGE_SECONDS);
        step(level2, "nordic-sca-code-card", Map.of("possessionElement", "true", "default.reference.value", "otp"));

        ClientRepresentation client = publicClient(LADDER_CLIENT);
        String flowId = flows().getFlows().stream().filter(flow -> LADDER_FLOW.equals(flow.getAlias())).findFirst().orElseThrow().getId();
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        create(client);
    }

    private void topLevelFlow(String alias) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        try (Response created = flows().createFlow(flow)) {
            assertEquals(201, created.getStatus());
        }
    }

    private String subflow(String parent, String alias, String requirement) {
        flows().addExecutionFlow(parent, Map.of("alias", alias, "type", "basic-flow", "description", "assurance test"));
        setRequirement(parent, alias, requirement);
        return alias;
    }

    private void level(String flow, int level, int maxAge) {
        step(flow, "conditional-level-of-authentication",
                Map.of("loa-condition-level", String.valueOf(level), "loa-max-age", String.valueOf(maxAge)));
    }

    private void step(String flow, String provider, Map<String, String> config) {
        flows().addExecution(flow, Map.of("provider", provider));
        AuthenticationExecutionInfoRepresentation execution = setRequirement(flow, provider, "REQUIRED");
        if (!config.isEmpty()) {
            AuthenticatorConfigRepresentation settings = new AuthenticatorConfigRepresentation();
            settings.setAlias("assurance-test " + flow + " " + provider);
            settings.setConfig(new HashMap<>(config));
            flows().newExecutionConfig(execution.getId(), settings).close();
        }
    }

    /** Sets the requirement of the execution (step provider or subflow alias) directly in {@code flow}. */
    private AuthenticationExecutionInfoRepresentation setRequirement(String flow, String providerOrAlias, String requirement) {
        AuthenticationExecutionInfoRepresentation execution = flows().getExecutions(flow).stream()
                .filter(e -> e.getLevel() == 0)
                .filter(e -> providerOrAlias.equals(e.getProviderId()) || providerOrAlias.equals(e.getDisplayName()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + providerOrAlias + " in " + flow));
        execution.setRequirement(requirement);
        flows().updateExecutions(flow, execution);
        return execution;
    }

    private ClientRepresentation publicClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setProtocol("openid-connect");
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of(REDIRECT_URI));
        client.setAttributes(new HashMap<>(Map.of("pkce.code.challenge.method", "S256")));
        return client;
    }

    private void create(ClientRepresentation client) {
        try (Response created = realm.admin().clients().create(client)) {
            assertEquals(201, created.getStatus());
        }
    }

    private AuthenticationManagementResource flows() {
        return realm.admin().flows();
    }

    // ---- what the relying party checks ----

    private static void assertOnlyTheCardIsAsked(Page page) {
        assertNull(page.redirectedAwayTo(), "a higher level than the session has is asked for: " + page.uri());
        assertNull(page.document().getElementById("kc-form-login"), "no password again: " + page.body());
        assertNotNull(page.document().getElementById(CodeCardStep.FORM), "the code card: " + page.body());
    }

    private static IDToken tokens(OidcClient app, Page signedIn) {
        OidcClient.Tokens tokens = app.exchange(signedIn.redirectedAwayTo());
        assertEquals(200, tokens.status(), () -> "token endpoint said " + tokens.response().getError());
        return tokens.idToken();
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
