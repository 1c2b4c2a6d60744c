package io.nordicsca.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.RoleLessClient;
import io.nordicsca.it.support.ServerLog;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SCA posture report, {@code GET /admin/realms/{realm}/nordic-sca/posture}: clean for the demo
 * realm, and naming each problem of a realm made with Keycloak's defaults, with a severity and a fix.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class PostureReportTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void theDemoRealmIsCleanAndNotesItsCodeCardDeclaration() {
        Map<String, Object> report = posture(realm.getName());
        assertEquals(Set.of("INFO codecard.possession-element [nordic-bank code card]", "INFO grant.ciba [nordic-bank-call-centre]"), ids(report),
                "the demo realm as it ships: no way in on the password alone (its ladder's lowest level asks a second "
                        + "factor); only the bank's declaration of the card as a possession element, for its auditors, and "
                        + "the call centre's CIBA, which the server's channel hands to the app");
        assertEquals(Boolean.TRUE, report.get("clean"), "an informational note leaves the realm clean");
    }

    @Test
    void aRealmWithKeycloakDefaultsNamesEveryWayAroundTheSecondFactor() {
        String name = "keycloak-defaults";
        RealmRepresentation defaults = new RealmRepresentation();
        defaults.setRealm(name);
        defaults.setEnabled(true);
        admin.realms().create(defaults);
        try {
            Set<String> found = ids(posture(name));
            assertTrue(found.containsAll(Set.of(
                    "HIGH grant.password [admin-cli]",
                    "HIGH flow.browser [browser]",
                    "HIGH brute-force.off [" + name + "]",
                    "LOW flow.reset-credentials [reset credentials]",
                    "LOW flow.first-broker-login [first broker login]",
                    "LOW session.idle-timeout [" + name + "]")), "found: " + found);

            // What a bank's admin might turn on next, each a way around the second factor.
            RealmRepresentation more = admin.realm(name).toRepresentation();
            more.setBruteForceProtected(true);
            more.setFailureFactor(10);
            more.setResetPasswordAllowed(true);
            more.setRegistrationAllowed(true);
            more.setPermanentLockout(true);
            admin.realm(name).update(more);
            UPConfig profile = admin.realm(name).users().userProfile().getConfiguration();
            profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
            admin.realm(name).users().userProfile().update(profile);
            ClientRepresentation thirdParty = new ClientRepresentation();
            thirdParty.setClientId("third-party");
            thirdParty.setPublicClient(false);
            thirdParty.setSecret("third-party-secret-0123456789");
            thirdParty.setAttributes(Map.of("oidc.ciba.grant.enabled", "true",
                    "oauth2.device.authorization.grant.enabled", "true",
                    "standard.token.exchange.enabled", "true",
                    "oauth2.jwt.authorization.grant.enabled", "true"));
            try (Response created = admin.realm(name).clients().create(thirdParty)) {
                assertEquals(201, created.getStatus());
            }
            ClientRepresentation samlApp = new ClientRepresentation();
            samlApp.setClientId("saml-app");
            samlApp.setProtocol("saml");
            samlApp.setAttributes(Map.of("saml.allow.ecp.flow", "true"));
            try (Response created = admin.realm(name).clients().create(samlApp)) {
                assertEquals(201, created.getStatus());
            }
            IdentityProviderRepresentation partner = new IdentityProviderRepresentation();
            partner.setAlias("partner");
            partner.setProviderId("oidc");
            partner.setEnabled(true);
            partner.setConfig(Map.of("clientId", "nordic", "clientSecret", "partner-secret", "clientAuthMethod", "client_secret_post",
                    "authorizationUrl", "https://partner.example/auth", "tokenUrl", "https://partner.example/token"));
            try (Response created = admin.realm(name).identityProviders().create(partner)) {
                assertEquals(201, created.getStatus());
            }

            found = ids(posture(name));
            assertTrue(found.containsAll(Set.of(
                    "HIGH brute-force.failure-factor [" + name + "]",
                    "HIGH flow.reset-credentials [reset credentials]",
                    "HIGH flow.registration [registration]",
                    "INFO grant.ciba [third-party]", // the server's CIBA channel is the app's (CibaTest)
                    "MEDIUM grant.device [third-party]",
                    "MEDIUM grant.token-exchange [third-party]",
                    "HIGH grant.jwt-authorization [third-party]",
                    "HIGH grant.saml-ecp [saml-app]",
                    "HIGH flow.first-broker-login [partner]",
                    "MEDIUM flow.post-broker-login [partner]",
                    "MEDIUM brute-force.permanent-lockout [" + name + "]",
                    "MEDIUM lockout.editable-locks [" + name + "]")), "found: " + found);

            // A self-service unlock whose identify step is not followed by the SMS code step gives the decoy away.
            AuthenticationFlowRepresentation unlock = new AuthenticationFlowRepresentation();
            unlock.setAlias("unlock in another order");
            unlock.setProviderId("basic-flow");
            unlock.setTopLevel(true);
            try (Response response = admin.realm(name).flows().createFlow(unlock)) {
                assertEquals(201, response.getStatus());
            }
            addStep(name, "unlock in another order", "nordic-sca-unlock-identify", null);
            addStep(name, "unlock in another order", "nordic-sca-code-card", null);
            addStep(name, "unlock in another order", "nordic-sca-sms-otp", null);
            assertTrue(ids(posture(name)).contains("MEDIUM flow.unlock-order [unlock in another order]"));

            // Customers who may edit undeclared attributes could open their own factor locks.
            profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
            admin.realm(name).users().userProfile().update(profile);
            assertTrue(ids(posture(name)).contains("HIGH lockout.editable-locks [" + name + "]"));
        } finally {
            admin.realm(name).remove();
        }
    }

    @Test
    void aLadderIsReadInTheOrderKeycloakRunsItsLevels() {
        String name = "level-order";
        RealmRepresentation created = new RealmRepresentation();
        created.setRealm(name);
        created.setEnabled(true);
        admin.realms().create(created);
        try {
            var flows = admin.realm(name).flows();
            AuthenticationFlowRepresentation ladder = new AuthenticationFlowRepresentation();
            ladder.setAlias("ladder");
            ladder.setProviderId("basic-flow");
            ladder.setTopLevel(true);
            try (Response response = flows.createFlow(ladder)) {
                assertEquals(201, response.getStatus());
            }
            // An admin adds level 3 (password only, for a payment's second approval) before level 2.
            addStep(name, "ladder", "level 3", null);
            addStep(name, "level 3", "conditional-level-of-authentication", Map.of("loa-condition-level", "3", "loa-max-age", "0"));
            addStep(name, "level 3", "auth-username-password-form", null);
            addStep(name, "ladder", "level 2", null);
            addStep(name, "level 2", "conditional-level-of-authentication", Map.of("loa-condition-level", "2", "loa-max-age", "36000"));
            addStep(name, "level 2", "auth-username-password-form", null);
            addStep(name, "level 2", "nordic-sca-sms-otp", null);
            RealmRepresentation realmSettings = admin.realm(name).toRepresentation();
            realmSettings.setBrowserFlow("ladder");
            admin.realm(name).update(realmSettings);

            Set<String> found = ids(posture(name));
            assertTrue(found.containsAll(Set.of("HIGH flow.browser [ladder]", "MEDIUM flow.level-order [ladder]")),
                    "level 3 runs on every fresh sign-in and lets the password alone through: " + found);

            flows.raisePriority(execution(name, "ladder", "level 2").getId());
            found = ids(posture(name));
            assertTrue(found.stream().noneMatch(f -> f.contains(" flow.") && f.contains("[ladder]")), "level 2 first: " + found);
            assertTrue(found.contains("MEDIUM lockout.keycloak-password-form [ladder]"),
                    "strong now, but Keycloak's own password form counts no wrong password on the password's lock: " + found);

            addStep(name, "level 2", "conditional-user-role", null);
            found = ids(posture(name));
            assertTrue(found.contains("HIGH flow.browser [ladder]"), "a customer without the role skips level 2: " + found);
            assertTrue(found.stream().noneMatch(f -> f.contains("flow.level-order")), found.toString());
        } finally {
            admin.realm(name).remove();
        }
    }

    /** Adds a REQUIRED step (or, for a name with a space, a CONDITIONAL subflow) at the end of {@code flow}. */
    private void addStep(String realmName, String flow, String providerOrSubflow, Map<String, String> config) {
        var flows = admin.realm(realmName).flows();
        boolean subflow = providerOrSubflow.contains(" ");
        if (subflow) {
            flows.addExecutionFlow(flow, Map.of("alias", providerOrSubflow, "type", "basic-flow", "description", "posture test"));
        } else {
            flows.addExecution(flow, Map.of("provider", providerOrSubflow));
        }
        AuthenticationExecutionInfoRepresentation execution = execution(realmName, flow, providerOrSubflow);
        execution.setRequirement(subflow ? "CONDITIONAL" : "REQUIRED");
        flows.updateExecutions(flow, execution);
        if (config != null) {
            AuthenticatorConfigRepresentation settings = new AuthenticatorConfigRepresentation();
            settings.setAlias(flow + " " + providerOrSubflow);
            settings.setConfig(new HashMap<>(config));
            flows.newExecutionConfig(execution.getId(), settings).close();
        }
    }

    private AuthenticationExecutionInfoRepresentation execution(String realmName, String flow, String providerOrSubflow) {
        return admin.realm(realmName).flows().getExecutions(flow).stream()
                .filter(e -> e.getLevel() == 0)
                .filter(e -> providerOrSubflow.equals(e.getProviderId()) || providerOrSubflow.equals(e.getDisplayName()))
                .reduce((first, last) -> last) // the one just added, where a provider appears twice
                .orElseThrow(() -> new AssertionError("no " + providerOrSubflow + " in " + flow));
    }

    @Test
    void ourOwnStepsSettingsThatWeakenThemAreNamed() {
        String flow = "nordic-bank second factor";
        List<AuthenticationExecutionInfoRepresentation> steps = realm.admin().flows().getExecutions(flow);
        var sms = realm.admin().flows().getAuthenticatorConfig(step(steps, "nordic-sca-sms-otp").getAuthenticationConfig());
        var app = realm.admin().flows().getAuthenticatorConfig(step(steps, "nordic-sca-app-approval").getAuthenticationConfig());
        Map<String, String> smsBefore = Map.copyOf(sms.getConfig());
        Map<String, String> appBefore = Map.copyOf(app.getConfig());
        try {
            sms.getConfig().put("sender", "log");
            app.getConfig().putAll(Map.of("pushSender", "log", "mode", "select"));
            realm.admin().flows().updateAuthenticatorConfig(sms.getId(), sms);
            realm.admin().flows().updateAuthenticatorConfig(app.getId(), app);

            Set<String> found = new HashSet<>(ids(posture(realm.getName())));
            found.remove("INFO codecard.possession-element [nordic-bank code card]");
            found.remove("INFO grant.ciba [nordic-bank-call-centre]");
            assertEquals(3, found.size(), "one finding per setting, though several flows share the steps: " + found);
            assertTrue(found.containsAll(Set.of(
                    "HIGH sms.log-sender [" + sms.getAlias() + "]",
                    "MEDIUM app.log-push [" + app.getAlias() + "]",
                    "MEDIUM app.select-mode [" + app.getAlias() + "]")), "found: " + found);
        } finally {
            sms.setConfig(new HashMap<>(smsBefore));
            app.setConfig(new HashMap<>(appBefore));
            realm.admin().flows().updateAuthenticatorConfig(sms.getId(), sms);
            realm.admin().flows().updateAuthenticatorConfig(app.getId(), app);
        }
    }

    @Test
    void theReportNeedsAnAdminWhoMayViewTheRealm() {
        assertEquals(401, get("/admin/realms/" + realm.getName() + "/nordic-sca/posture", null).statusCode(), "no token");

        try (RoleLessClient nobody = RoleLessClient.in(realm, "posture-nobody")) {
            assertEquals(403, get("/admin/realms/" + realm.getName() + "/nordic-sca/posture", nobody.token()).statusCode(),
                    "a signed-in caller of the realm without view-realm");
        }
    }

    @Test
    void theServerLogsEachRealmsPostureAtStart() throws IOException {
        String log = Files.readString(ServerLog.FILE);
        assertTrue(log.contains("Nordic SCA posture of realm 'master'"), "a line for the master realm at start");
        assertTrue(log.contains("grant.password [admin-cli]"), "with what is found there (Keycloak's defaults)");
    }

    private Map<String, Object> posture(String realmName) {
        CodeCardDesk desk = new CodeCardDesk(urls.getBase(), realmName, admin);
        HttpResponse<String> response = desk.callPath("GET", "/admin/realms/" + realmName + "/nordic-sca/posture");
        assertEquals(200, response.statusCode(), response.body());
        return CodeCardDesk.json(response.body());
    }

    /** "SEVERITY id [subject]" of each finding. */
    @SuppressWarnings("unchecked")
    private static Set<String> ids(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("findings")).stream()
                .map(f -> f.get("severity") + " " + f.get("id") + " [" + f.get("subject") + "]")
                .collect(Collectors.toSet());
    }

    private static AuthenticationExecutionInfoRepresentation step(List<AuthenticationExecutionInfoRepresentation> steps, String providerId) {
        return steps.stream().filter(s -> providerId.equals(s.getProviderId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + providerId + " in " + steps));
    }

    private HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.getBase() + path)).header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path, e);
        }
    }
}
