package io.nordicsca.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.RoleLessClient;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bank's lockout desk over HTTP: who may read and change what, the admin events, and every bad call refused whole. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LockoutDeskTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final List<String> FACTORS = List.of("password", "code-card", "sms", "app");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = "other-bank")
    ManagedRealm otherRealm;

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    @Test
    @SuppressWarnings("unchecked")
    void staffWhoMayOnlyViewUsersSeeEachFactorTheCardWithoutItsSerialTheMaskedPhoneAndTheApp() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "desk-viewed", PASSWORD);
        UserRepresentation user = realm.admin().users().get(customer.userId()).toRepresentation();
        user.singleAttribute("phoneNumber", "+358401234567");
        realm.admin().users().get(customer.userId()).update(user);

        try (RoleLessClient viewer = RoleLessClient.withRoles(realm, "desk-viewer", "view-users")) {
            HttpResponse<String> answer = desk().call("GET", customer.userId(), null, viewer.token());
            assertEquals(200, answer.statusCode(), answer.body());
            Map<String, Object> view = CodeCardDesk.json(answer.body());
            assertEquals("desk-viewed", view.get("username"));
            assertEquals(FACTORS, ((List<Map<String, Object>>) view.get("factors")).stream().map(f -> f.get("factor")).toList());
            FACTORS.forEach(factor -> assertEquals("OPEN", LockoutDesk.factor(view, factor).get("state"), factor));
            assertEquals(0, ((Map<String, Object>) view.get("keycloak")).get("numFailures"));

            assertEquals("+358•••••••67", view.get("phone"), "the phone is masked");
            assertFalse(answer.body().contains("401234567"), "the number never leaves the server whole");

            List<Map<String, Object>> cards = (List<Map<String, Object>>) view.get("cards");
            assertEquals(1, cards.size(), cards.toString());
            assertEquals("ACTIVE", cards.get(0).get("status"));
            assertNull(cards.get(0).get("serial"), "the serial is half of an activation: managers only");
            assertEquals(customer.card().serial().substring(customer.card().serial().length() - 4), cards.get(0).get("serialEnding"));

            List<Map<String, Object>> apps = (List<Map<String, Object>>) view.get("apps");
            assertEquals(1, apps.size(), apps.toString());
            assertEquals("Test phone", apps.get(0).get("label"));
            assertEquals("ACTIVE", apps.get(0).get("status"));

            HttpResponse<String> lock = desk().change(customer.userId(), "app", "lock", "{\"reason\":\"Stolen phone\"}", viewer.token());
            assertEquals(403, lock.statusCode(), "viewing is not managing: " + lock.body());
        }
        assertEquals("OPEN", LockoutDesk.factor(desk().view(customer.userId()), "app").get("state"));
        List<Map<String, Object>> managerCards = (List<Map<String, Object>>) desk().view(customer.userId()).get("cards");
        assertEquals(customer.card().serial(), managerCards.get(0).get("serial"), "a manager sees the serial, as on the code card desk");
    }

    @Test
    void theBankLocksAndUnlocksAFactorWithAReasonAndEachChangeIsAnAdminEventWithThatReason() {
        realm.updateWithCleanup(settings -> settings.adminEventsEnabled(true).adminEventsDetailsEnabled(true));
        String userId = Customers.add(realm, "desk-locked", PASSWORD);

        Map<String, Object> locked = desk().lock(userId, "sms", "Customer reports a stolen phone");
        Map<String, Object> sms = LockoutDesk.factor(locked, "sms");
        assertEquals("BANK", sms.get("state"));
        assertEquals("desk", sms.get("by"));
        assertEquals("Customer reports a stolen phone", sms.get("reason"));
        assertNotNull(sms.get("since"));
        assertEquals("BANK", LockoutDesk.factor(desk().view(userId), "sms").get("state"), "the lock is stored, not just answered");
        assertEquals("OPEN", LockoutDesk.factor(locked, "code-card").get("state"), "only the named factor is locked");

        Map<String, Object> opened = desk().unlock(userId, "sms", "Phone found, identity checked");
        assertEquals("OPEN", LockoutDesk.factor(opened, "sms").get("state"));
        assertEquals("OPEN", LockoutDesk.factor(desk().view(userId), "sms").get("state"));

        List<AdminEventRepresentation> events = realm.admin().getAdminEvents().stream()
                .filter(event -> event.getResourcePath() != null && event.getResourcePath().startsWith("users/" + userId + "/nordic-sca-lockout"))
                .toList();
        assertEquals(2, events.size(), events.stream().map(AdminEventRepresentation::getResourcePath).toList().toString());
        assertTrue(events.stream().allMatch(event -> "ACTION".equals(event.getOperationType()) && "USER".equals(event.getResourceType())));
        assertTrue(events.stream().anyMatch(event -> event.getResourcePath().endsWith("/sms/lock")
                && event.getRepresentation().contains("Customer reports a stolen phone")), "the lock's event carries its reason");
        assertTrue(events.stream().anyMatch(event -> event.getResourcePath().endsWith("/sms/unlock")
                && event.getRepresentation().contains("Phone found, identity checked")), "the unlock's event carries its reason");
    }

    @Test
    void unlockingThePasswordAlsoClearsKeycloaksOwnFailureRecord() throws InterruptedException {
        String userId = Customers.add(realm, "desk-password", PASSWORD);
        Browser browser = new Browser(urls.getBase());
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        PasswordStep.signIn(browser, app, "desk-password", "wrong-password-1");
        AttackDetection.awaitFailures(realm, userId, 1);
        Thread.sleep(1200); // past the realm's quick-login check
        PasswordStep.signIn(browser, app, "desk-password", "wrong-password-2");
        AttackDetection.awaitFailures(realm, userId, 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) desk().view(userId).get("keycloak");
        assertEquals(2, before.get("numFailures"), "the desk shows Keycloak's record next to the factors");

        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) desk().unlock(userId, "password", "Customer identified at the branch").get("keycloak");
        assertEquals(0, after.get("numFailures"));
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)), "Keycloak's own endpoint agrees");
    }

    @Test
    void aCallerWithoutAdminRightsIsRefusedWith403AndOneWithoutATokenWith401() {
        String userId = Customers.add(realm, "desk-guarded", PASSWORD);
        try (RoleLessClient nobody = RoleLessClient.in(realm, "desk-nobody")) {
            assertEquals(403, desk().call("GET", userId, null, nobody.token()).statusCode());
            assertEquals(403, desk().change(userId, "password", "unlock", "{\"reason\":\"Let me in\"}", nobody.token()).statusCode());
            assertEquals(403, desk().call("GET", "no-such-user", null, nobody.token()).statusCode(),
                    "whether a user exists is not told to a caller who may not see users");
        }
        assertEquals(401, desk().call("GET", userId, null, null).statusCode());
    }

    @Test
    void aUserOfAnotherRealmIsNotFoundHere() {
        String otherUserId = Customers.add(otherRealm, "other-bank-customer", PASSWORD);
        for (HttpResponse<String> answer : List.of(
                desk().call("GET", otherUserId, null, desk().bearer()),
                desk().change(otherUserId, "code-card", "lock", "{\"reason\":\"Wrong realm\"}", desk().bearer()),
                desk().call("GET", "no-such-user", null, desk().bearer()))) {
            assertEquals(404, answer.statusCode(), answer.body());
            assertEquals("user_not_found", CodeCardDesk.json(answer.body()).get("error"));
        }
        assertEquals(0, otherRealm.admin().users().get(otherUserId).toRepresentation().getAttributes() == null ? 0
                : otherRealm.admin().users().get(otherUserId).toRepresentation().getAttributes().keySet().stream()
                .filter(key -> key.startsWith("nordic-sca.lock")).count(), "nothing was stored on the other realm's user");
    }

    @Test
    void aMalformedReasonOrAnUnknownFactorIsA400AndChangesNothing() {
        String userId = Customers.add(realm, "desk-bad-input", PASSWORD);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"reason\":\"ab\"}", "invalid_reason");
        refused.put("{\"reason\":\"   \"}", "invalid_reason");
        refused.put("{\"reason\":\"" + "x".repeat(501) + "\"}", "invalid_reason");
        refused.put("{\"reason\":\"two\\nlines\"}", "invalid_reason");
        refused.put("{\"reason\":\"bidi \\u202e trick\"}", "invalid_reason");
        refused.put("{}", "invalid_reason");
        refused.put("not json", "invalid_request");
        refused.put("{\"reason\":[\"a list\"]}", "invalid_request");
        refused.forEach((body, error) -> {
            HttpResponse<String> answer = desk().change(userId, "code-card", "lock", body, desk().bearer());
            assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
            assertEquals(error, CodeCardDesk.json(answer.body()).get("error"), body);
            assertNotNull(CodeCardDesk.json(answer.body()).get("error_description"), body);
        });
        HttpResponse<String> noBody = desk().change(userId, "code-card", "lock", null, desk().bearer());
        assertEquals(400, noBody.statusCode(), noBody.body());

        for (String factor : List.of("pin", "PASSWORD", "code_card", "%20")) {
            HttpResponse<String> answer = desk().change(userId, factor, "lock", "{\"reason\":\"A fine reason\"}", desk().bearer());
            assertEquals(400, answer.statusCode(), factor + " -> " + answer.body());
            assertEquals("unknown_factor", CodeCardDesk.json(answer.body()).get("error"));
        }
        Map<String, Object> view = desk().view(userId);
        FACTORS.forEach(factor -> assertEquals("OPEN", LockoutDesk.factor(view, factor).get("state"), factor + ": a refused call changes nothing"));
    }

    @Test
    void theDeskPageAndTheSettingsTabSpeakEachOfTheSixLanguages() {
        Map<String, String> searchButton = Map.of("en", "Search", "sv", "Sök", "fi", "Hae", "nb", "Søk", "nn", "Søk", "da", "Søg");
        java.util.Set<String> englishKeys = LockoutDesk.pageTexts(urls.getBase(), "en").keySet();
        searchButton.forEach((language, text) -> {
            Map<String, Object> texts = LockoutDesk.pageTexts(urls.getBase(), language);
            assertEquals(englishKeys, texts.keySet(), language);
            assertEquals(text, texts.get("nordicScaDesk.searchButton"), language);
        });
        Map<String, String> hideFactor = Map.of("en", "Hide which factor failed", "sv", "Dölj vilken faktor som misslyckades",
                "fi", "Piilota, mikä tekijä epäonnistui", "nb", "Skjul hvilken faktor som feilet", "nn", "Skjul kva faktor som feila",
                "da", "Skjul hvilken faktor der fejlede");
        hideFactor.forEach((language, text) -> {
            // What the admin console's own translation loads for the tab's labels.
            Map<String, String> texts = LockoutDesk.adminConsoleTexts(urls.getBase(), language);
            assertEquals(text, texts.get("nordicScaSettings.hideFactor"), language);
            assertEquals("Nordic SCA", texts.get("nordic-sca-settings"), language + ": the tab's title");
        });
    }

    /**
     * Besides the admin events, the customer's own event list shows the desk's lock and unlock, as a
     * bank's monitoring reads them: the lock as Keycloak's permanent-lockout event, the unlock as
     * UPDATE_CREDENTIAL with nordic_sca_lockout_action=unlocked, each naming the factor and the desk.
     */
    @Test
    void theDesksLockAndUnlockAreTheCustomersEventsNamingTheFactor() {
        String userId = Customers.add(realm, "desk-events", PASSWORD);
        desk().lock(userId, "code-card", "Card reported lost");
        desk().unlock(userId, "code-card", "Card found by the customer");

        List<EventRepresentation> locks = realm.admin().getEvents(List.of("USER_DISABLED_BY_PERMANENT_LOCKOUT"), null, userId,
                null, null, null, 0, 10);
        assertEquals(1, locks.size(), locks.stream().map(EventRepresentation::getDetails).toList().toString());
        assertEquals("code-card", locks.get(0).getDetails().get("nordic_sca_factor"));
        assertEquals("BANK", locks.get(0).getDetails().get("nordic_sca_lock"));
        assertEquals("desk", locks.get(0).getDetails().get("nordic_sca_locked_by"));

        List<EventRepresentation> unlocks = realm.admin().getEvents(List.of("UPDATE_CREDENTIAL"), null, userId, null, null, null, 0, 10);
        assertEquals(1, unlocks.size(), unlocks.stream().map(EventRepresentation::getDetails).toList().toString());
        Map<String, String> unlocked = unlocks.get(0).getDetails();
        assertEquals("unlocked", unlocked.get("nordic_sca_lockout_action"), unlocked.toString());
        assertEquals("code-card", unlocked.get("nordic_sca_factor"));
        assertEquals("desk", unlocked.get("nordic_sca_locked_by"));
        assertNull(unlocks.get(0).getError());
    }
}
