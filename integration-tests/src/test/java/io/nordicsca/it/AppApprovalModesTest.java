package io.nordicsca.it;

import java.util.List;
import java.util.Map;

import io.nordicsca.companion.ApiResponse;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.Device;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppApprovalSettings;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.FcmStandIn;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** App approval's settings and buttons: the three verification modes, expiry, the push limit, cancel, key rotation and FCM push. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppApprovalModesTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void enterModeIsTheDefaultAndTakesTheTypedEventIdAndCompareModeShowsIt() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-modes", PASSWORD).phone();

        AppApprovalSettings.set(realm, Map.of()); // the demo realm's settings
        Page entering = passwordStep("app-modes");
        assertEquals(ENGLISH.text("appInstructionEnter"), entering.textOf("app-instruction"));
        Challenge typed = phone.pending().get(0);
        assertEquals(Challenge.ENTER, typed.mode());
        assertNull(typed.eventId(), "in enter mode the app is told nothing about the event ID");
        assertTrue(typed.eventIdOptions() == null || typed.eventIdOptions().isEmpty());
        String asTyped = " " + AppStep.eventId(entering).toLowerCase() + " ";
        assertEquals("approved", phone.approve(typed, asTyped).result(), "case and spaces do not matter");
        assertNotNull(AppStep.continueAfterAnswer(entering).redirectedAwayTo());

        AppApprovalSettings.set(realm, Map.of("mode", "compare", "eventIdFormat", "digits4"));
        Page comparing = passwordStep("app-modes");
        assertEquals(ENGLISH.text("appInstructionCompare"), comparing.textOf("app-instruction"));
        Challenge shown = phone.pending().get(0);
        assertEquals(AppStep.eventId(comparing), shown.eventId(), "in compare mode both show the same event ID");
        assertTrue(shown.eventId().matches("\\d{4}"), shown.eventId());
        assertEquals("approved", phone.approve(shown).result());
        assertNotNull(AppStep.continueAfterAnswer(comparing).redirectedAwayTo());
    }

    @Test
    void inSelectModeAWrongPickEndsTheRequestAndCountsTowardsLockout() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-select", PASSWORD);
        DeviceClient phone = customer.phone();
        AppApprovalSettings.set(realm, Map.of("mode", "select"));

        Page waiting = passwordStep("app-select");
        String eventId = AppStep.eventId(waiting);
        assertEquals(ENGLISH.text("appInstructionSelect"), waiting.textOf("app-instruction"));
        Challenge challenge = phone.pending().get(0);
        assertEquals(Challenge.SELECT, challenge.mode());
        assertEquals(3, challenge.eventIdOptions().size());
        assertTrue(challenge.eventIdOptions().contains(eventId), "the browser's event ID is among " + challenge.eventIdOptions());
        assertNull(challenge.eventId(), "the app is not told which one is right");

        String wrong = challenge.eventIdOptions().stream().filter(option -> !option.equals(eventId)).findFirst().orElseThrow();
        assertEquals("wrong_event_id", phone.answer(challenge.id(), wrong, DeviceClient.APPROVE).error());
        assertEquals(0, phone.pending().size(), "the wrong pick ended the request");
        assertEquals("already_answered", phone.answer(challenge.id(), eventId, DeviceClient.APPROVE).error(),
                "the right pick after a wrong one no longer approves");
        Page declined = AppStep.continueAfterAnswer(waiting);
        assertNull(declined.redirectedAwayTo());
        assertEquals("NSCA-4005", AppStep.outcome(declined), "a wrong event ID: " + declined.body());
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, customer.userId(), 1)),
                "a wrong pick counts towards lockout");
    }

    @Test
    void aPhoneThatAsksTheMomentThePushArrivesFindsTheRequest() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-fast-phone", PASSWORD, "hook-token-fast-phone").phone();
        AppApprovalSettings.set(realm, Map.of("pushSender", "webhook"));
        java.util.concurrent.CompletableFuture<List<Challenge>> seen = new java.util.concurrent.CompletableFuture<>();
        // The bank's push backend wakes the phone, which asks for its requests before the backend has even answered Keycloak.
        FcmStandIn.shared().whenWebhookFor("hook-token-fast-phone", () -> {
            try {
                seen.complete(phone.pending());
            } catch (RuntimeException e) {
                seen.completeExceptionally(e);
            }
        });

        Page waiting = passwordStep("app-fast-phone");
        List<Challenge> found = seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, found.size(), "the request is stored (on every node) before the push goes out");
        assertEquals("approved", phone.approve(found.get(0), AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
    }

    @Test
    void anUnansweredRequestExpiresAndCounts() throws InterruptedException {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-expiry", PASSWORD);
        AppApprovalSettings.set(realm, Map.of("expirySeconds", "10"));
        Page waiting = passwordStep("app-expiry");
        Thread.sleep(10_500);

        assertEquals(0, customer.phone().pending().size(), "an expired request is no longer offered to the phone");
        Page expired = AppStep.continueAfterAnswer(waiting);
        assertEquals("NSCA-4003", AppStep.outcome(expired), "expired: " + expired.body());
        assertEquals(ENGLISH.text("errorAppExpiredProblem"), expired.textOf(AppStep.OUTCOME_PROBLEM_ID));
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, customer.userId(), 1)),
                "an unanswered request counts towards lockout (push fatigue)");

        Page reloaded = expired.reload();
        if (reloaded.textOf("loginContinueLink") != null) {
            reloaded = reloaded.follow("loginContinueLink");
        }
        assertEquals("NSCA-4003", AppStep.outcome(reloaded), "a reload shows the outcome again");
        assertEquals(0, customer.phone().pending().size(), "and pushes nothing new");
        assertEquals(1, AttackDetection.failures(AttackDetection.status(realm, customer.userId())), "nor counts the expiry twice");

        Page retried = reloaded.form("kc-app-retry-form").set("retry", "true").submit();
        assertTrue(AppStep.isWaitingPage(retried), "'Try again' sends a new request");
        assertEquals(1, customer.phone().pending().size());
    }

    @Test
    void thePushLimitStopsRequestsAndCancelGoesBackToTheApp() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-limit", PASSWORD).phone();
        AppApprovalSettings.set(realm, Map.of("pushesPerWindow", "2"));

        Page first = passwordStep("app-limit");
        Page second = passwordStep("app-limit");
        assertEquals(1, phone.pending().size(), "one pending request per customer: the second sign-in replaced the first");
        assertEquals("NSCA-4006", AppStep.outcome(AppStep.continueAfterAnswer(first)), "replaced by the newer sign-in");

        Page third = passwordStep("app-limit");
        assertEquals("NSCA-4002", AppStep.outcome(third), "the push limit: " + third.body());
        assertEquals(ENGLISH.text("nordicScaTryAgainIn", 10), third.textOf("app-outcome-minutes"));

        Page cancelled = second.form("kc-app-other-form").set("cancel", "true").submit();
        assertNotNull(cancelled.redirectedAwayTo(), "cancel returns to the app");
        assertEquals("access_denied", OidcClient.query(cancelled.redirectedAwayTo()).get("error"));
        assertEquals(0, phone.pending().size());
    }

    @Test
    void aRotatedKeySignsAndTheOldOneNoLonger() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-rotate", PASSWORD).phone();
        Device before = phone.device();
        DeviceClient withOldKey = new DeviceClient(before);

        phone.rotateKey();
        ApiResponse old = withOldKey.signedCall("challenges/pending", Map.of());
        assertEquals(401, old.status(), "the old key is no longer accepted: " + old.body());

        Page waiting = passwordStep("app-rotate");
        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
        assertTrue(realm.admin().getEvents(List.of("UPDATE_CREDENTIAL"), null, null, null, null, null, 0, 50).stream()
                .anyMatch(event -> "key_rotated".equals(event.getDetails().get("app_device_action"))), "the rotation is an event");
    }

    @Test
    void firebasePushCarriesOnlyTheRequestIdToThePhonesToken() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-fcm", PASSWORD, "fcm-token-app-fcm").phone();
        AppApprovalSettings.set(realm, Map.of("pushSender", "fcm"));

        Page waiting = passwordStep("app-fcm");
        List<FcmStandIn.Push> pushes = FcmStandIn.shared().pushesTo("fcm-token-app-fcm");
        assertEquals(1, pushes.size(), "one push through FCM HTTP v1, authorized by the service account's signed assertion");
        Challenge challenge = phone.pending().get(0);
        assertEquals(Map.of("challengeId", challenge.id(), "realm", realm.getName()), pushes.get(0).data(),
                "the push names the request and nothing else: no event ID, no secret");

        assertEquals("approved", phone.approve(challenge, AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBanksPushBackendGetsASignedWebhook() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-webhook", PASSWORD, "hook-token-app-webhook").phone();
        AppApprovalSettings.set(realm, Map.of("pushSender", "webhook"));

        Page waiting = passwordStep("app-webhook");
        List<FcmStandIn.Webhook> calls = FcmStandIn.shared().webhooksFor("hook-token-app-webhook");
        assertEquals(1, calls.size());
        FcmStandIn.Webhook call = calls.get(0);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(FcmStandIn.WEBHOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(
                mac.doFinal((call.timestamp() + "." + call.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(expected, call.signature(), "signed with the shared secret over timestamp and body");
        Map<String, Object> body = org.keycloak.util.JsonSerialization.readValue(call.body(), Map.class);
        assertEquals(phone.pending().get(0).id(), body.get("challengeId"));
        assertEquals(java.util.Set.of("realm", "deviceId", "pushToken", "challengeId", "expiresAt"), body.keySet(),
                "the push names the request and the phone, never the event ID (" + AppStep.eventId(waiting) + ")");
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
