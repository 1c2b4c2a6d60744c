package io.nordicsca.it;

import java.util.List;
import java.util.Map;

import io.nordicsca.companion.Answer;
import io.nordicsca.companion.ApiResponse;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AnotherWay;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank's app: activated with the reference companion app after the code card, then signing in
 * by approving in the app with the event ID; the device API refuses every bad request.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppApprovalTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String ENROLL_ACTION = "nordic-sca-enroll-app";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    /** Each enrolled customer's code card, by user id. */
    private final Map<String, CodeCardDesk.Card> cards = new java.util.HashMap<>();

    @Test
    void enrolledAfterTheCodeCardTheCustomerApprovesWithTheEventId() {
        DeviceClient phone = enrolledCustomer("app-user-approve");

        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Page waiting = PasswordStep.signIn(new Browser(urls.getBase()), app, "app-user-approve", PASSWORD);
        assertTrue(AppStep.isWaitingPage(waiting), "the app is the customer's first choice now: " + waiting.body());
        String eventId = AppStep.eventId(waiting);
        assertTrue(eventId.matches("[ACDEFHJKMNPQRTUVWXY3479]{4}"), eventId);

        Page reloaded = waiting.reload();
        if (reloaded.textOf("loginContinueLink") != null) {
            reloaded = reloaded.follow("loginContinueLink");
        }
        assertEquals(eventId, AppStep.eventId(reloaded), "a reload shows the same request");

        List<Challenge> pending = phone.pending();
        assertEquals(1, pending.size(), "one request waits for the phone");
        Challenge challenge = pending.get(0);
        assertEquals(Challenge.ENTER, challenge.mode(), "the demo realm has the customer type the event ID (a blind tap in select mode wins 1 in 3)");
        assertEquals(ENGLISH.text("appInstructionEnter"), waiting.textOf("app-instruction"));
        assertTrue(challenge.eventIdOptions().isEmpty(), "nothing to pick from: " + challenge.eventIdOptions());
        assertNull(challenge.eventId(), "the app is not told the event ID: the customer types it");
        assertEquals("Nordic Bank online bank (demo)", challenge.client(), "the app names the client the customer signs in to");

        Page early = AppStep.continueAfterAnswer(reloaded);
        assertEquals(ENGLISH.text("appNotAnsweredYet"), SmsStep.alert(early), "'I have approved' before approving");

        assertEquals("approved", phone.approve(challenge, eventId).result());
        Page signedIn = AppStep.continueAfterAnswer(early);
        assertNotNull(signedIn.redirectedAwayTo(), "the approval signs in: " + signedIn.body());
        assertTrue(signedIn.redirectedAwayTo().getQuery().contains("code="));
        assertEquals(0, phone.pending().size(), "nothing waits any more");

        // The app's tokens name the factor: the demo client has Keycloak's AMR mapper, the step the reference "swk".
        Object amr = app.exchange(signedIn.redirectedAwayTo()).idToken().getOtherClaims().get("amr");
        assertEquals(List.of("swk"), amr, "the ID token's amr names the app (a software-held key)");
    }

    @Test
    void aWrongEventIdAReplayAndAForeignChallengeAreRefused() {
        DeviceClient phone = enrolledCustomer("app-user-bad");
        DeviceClient otherPhone = enrolledCustomer("app-user-other");
        String userId = realm.admin().users().search("app-user-bad", true).get(0).getId();

        Page waiting = passwordStep("app-user-bad");
        String eventId = AppStep.eventId(waiting);
        Challenge challenge = phone.pending().get(0);

        // Another customer's phone cannot answer this customer's request.
        Answer foreign = otherPhone.answer(challenge.id(), eventId, DeviceClient.APPROVE);
        assertEquals(403, foreign.status());
        assertEquals("not_your_challenge", foreign.error());

        String wrong = (eventId.charAt(0) == 'A' ? "C" : "A") + eventId.substring(1);
        Answer wrongAnswer = phone.answer(challenge.id(), wrong, DeviceClient.APPROVE);
        assertEquals(400, wrongAnswer.status());
        assertEquals("wrong_event_id", wrongAnswer.error());
        String replayedBody = phone.lastRequestBody();

        ApiResponse replay = phone.send("challenges/answer", replayedBody);
        assertEquals(400, replay.status(), "a replayed request is refused: " + replay.body());
        assertTrue(replay.body().contains("replayed"), replay.body());

        Page declined = AppStep.continueAfterAnswer(waiting);
        assertNull(declined.redirectedAwayTo(), "a wrong event ID never signs in");
        assertEquals("NSCA-4005", AppStep.outcome(declined), "a wrong event ID: " + declined.body());
        assertEquals(ENGLISH.text("errorAppWrongEventIdProblem"), declined.textOf(AppStep.OUTCOME_PROBLEM_ID));
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 1)), "the wrong event ID counts towards lockout");
    }

    @Test
    void malformedAndForgedRequestsGetJsonErrors() {
        DeviceClient phone = enrolledCustomer("app-user-forged");
        String api = phone.device().api();

        ApiResponse notJson = DeviceClient.post(DeviceClient.defaultHttpClient(), api + "/enroll", DeviceClient.JSON, "{not json");
        assertEquals(400, notJson.status());
        assertTrue(notJson.body().contains("\"error\""), notJson.body());

        ApiResponse unknownToken = DeviceClient.post(DeviceClient.defaultHttpClient(), api + "/enroll", DeviceClient.JSON,
                "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAA\",\"publicKey\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"},\"proof\":\"a.b.c\"}");
        assertEquals(400, unknownToken.status(), unknownToken.body());

        String signed = phone.sign("challenges/pending", Map.of());
        String[] parts = signed.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
        ApiResponse badSignature = phone.send("challenges/pending", tampered);
        assertEquals(401, badSignature.status(), badSignature.body());
        assertTrue(badSignature.body().contains("invalid_signature"), badSignature.body());

        ApiResponse garbage = phone.send("challenges/pending", "not-a-jws");
        assertEquals(400, garbage.status(), garbage.body());

        ApiResponse huge = phone.send("challenges/pending", "a".repeat(40_000));
        assertEquals(413, huge.status(), huge.body());

        ApiResponse wrongUrl = phone.send("challenges/answer", phone.sign("challenges/pending", Map.of("challengeId", "x", "decision", "approve")));
        assertEquals(400, wrongUrl.status(), "a call signed for another URL is refused: " + wrongUrl.body());

        ApiResponse jsonNull = DeviceClient.post(DeviceClient.defaultHttpClient(), api + "/enroll", DeviceClient.JSON, "null");
        assertEquals(400, jsonNull.status(), jsonNull.body());
        ApiResponse hugeEnroll = DeviceClient.post(DeviceClient.defaultHttpClient(), api + "/enroll", DeviceClient.JSON,
                "{\"token\":\"" + "a".repeat(40_000) + "\"}");
        assertEquals(413, hugeEnroll.status(), hugeEnroll.body());
        String nullParts = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("null".getBytes());
        ApiResponse nullHeader = phone.send("challenges/pending", nullParts + "." + nullParts + ".AAAA");
        assertEquals(400, nullHeader.status(), nullHeader.body());

        for (ApiResponse response : List.of(notJson, unknownToken, badSignature, garbage, huge, wrongUrl, jsonNull, hugeEnroll, nullHeader)) {
            assertTrue(response.status() >= 400 && response.status() < 500, "4xx, never a 500: " + response.status());
        }
    }

    @Test
    void denyAndThisWasNotMe() {
        DeviceClient phone = enrolledCustomer("app-user-deny");
        String userId = realm.admin().users().search("app-user-deny", true).get(0).getId();

        Page waiting = passwordStep("app-user-deny");
        assertEquals("denied", phone.deny(phone.pending().get(0)).result());
        Page declined = AppStep.continueAfterAnswer(waiting);
        assertEquals("NSCA-4004", AppStep.outcome(declined), "declined: " + declined.body());
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 1)), "a denial counts towards lockout");

        Page again = passwordStep("app-user-deny");
        assertEquals("denied", phone.notMe(phone.pending().get(0)).result());
        assertNull(AppStep.continueAfterAnswer(again).redirectedAwayTo());
        AttackDetection.awaitFailures(realm, userId, 2);

        ApiResponse locked = phone.signedCall("challenges/pending", Map.of());
        assertEquals(403, locked.status(), "after 'this was not me' the phone can approve nothing: " + locked.body());
        assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 20).stream()
                .anyMatch(event -> "app_request_not_me".equals(event.getError())), "'not me' is an event for the bank");
    }

    @Test
    void afterThisWasNotMeActivatingTheAppAgainDoesNotOpenIt() {
        DeviceClient phone = enrolledCustomer("app-user-not-me-again");
        String userId = realm.admin().users().search("app-user-not-me-again", true).get(0).getId();
        Page waiting = passwordStep("app-user-not-me-again");
        assertEquals("denied", phone.notMe(phone.pending().get(0)).result());
        AppStep.continueAfterAnswer(waiting);

        // The bank (or the customer) asks for the app again: the activation page refuses, the app stays locked for the bank.
        var user = realm.admin().users().get(userId).toRepresentation();
        user.setRequiredActions(List.of(ENROLL_ACTION));
        realm.admin().users().get(userId).update(user);
        Page cardPage = passwordStep("app-user-not-me-again");
        Page enroll = CodeCardStep.answerRightly(cardPage.textOf("code-card-prompt") != null ? cardPage
                : AnotherWay.choose(cardPage, ENGLISH.text("code-card-display-name")), cards.get(userId));
        assertEquals("NSCA-4903", LockPage.code(enroll), "a locked app gets lockout's page, no activation code: " + enroll.body());
        assertNull(enroll.redirectedAwayTo(), "and no sign-in past it");
    }

    @Test
    void activatingASecondPhoneDeactivatesTheFirst() {
        DeviceClient first = enrolledCustomer("app-user-two-phones");
        String userId = realm.admin().users().search("app-user-two-phones", true).get(0).getId();

        // A new phone: the bank puts the action on the customer again, who signs in with the code card.
        var user = realm.admin().users().get(userId).toRepresentation();
        user.setRequiredActions(List.of(ENROLL_ACTION));
        realm.admin().users().get(userId).update(user);
        Page cardPage = AnotherWay.choose(passwordStep("app-user-two-phones"), ENGLISH.text("code-card-display-name"));
        Page enroll = CodeCardStep.answerRightly(cardPage, cards.get(userId));
        DeviceClient second = DeviceClient.enroll(AppStep.enrollmentPayload(enroll), "Second phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(enroll).redirectedAwayTo());

        ApiResponse old = first.signedCall("challenges/pending", Map.of());
        assertEquals(403, old.status(), "the first phone was deactivated: " + old.body());
        Page next = passwordStep("app-user-two-phones");
        assertEquals("approved", second.approve(second.pending().get(0), AppStep.eventId(next)).result());
        assertNotNull(AppStep.continueAfterAnswer(next).redirectedAwayTo());

        List<CredentialRepresentation> devices = realm.admin().users().get(userId).credentials().stream()
                .filter(credential -> "app-device".equals(credential.getType())).toList();
        assertEquals(2, devices.size());
        assertFalse(devices.stream().anyMatch(credential -> credential.getCredentialData() != null
                && credential.getCredentialData().contains("\"d\"")), "no private key material on the server");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCustomerSeesAndRemovesThePhoneInTheAccountConsole() throws Exception {
        DeviceClient phone = enrolledCustomer("app-user-account");

        // The customer signs in to the account console with the app, as in a browser.
        OidcClient accountConsole = new OidcClient(realm.getBaseUrl(), "account-console", realm.getBaseUrl() + "/account/");
        Browser browser = new Browser(urls.getBase());
        Page waiting = browser.open(accountConsole.authorizationUrl()).form("kc-form-login")
                .set("username", "app-user-account").set("password", PASSWORD).submit();
        phone.approve(phone.pending().get(0), AppStep.eventId(waiting));
        Page console = AppStep.continueAfterAnswer(waiting);
        String token = accountConsole.exchange(console.uri()).response().getToken();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var listed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(realm.getBaseUrl() + "/account/credentials"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());

        List<Map<String, Object>> types = org.keycloak.util.JsonSerialization.readValue(listed.body(), List.class);
        Map<String, Object> app = types.stream().filter(type -> "app-device".equals(type.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("the account console does not list the app: " + listed.body()));
        assertEquals("app-device-display-name", app.get("displayName"));
        assertEquals(true, app.get("removeable"), "the customer can remove a phone");
        Map<String, Object> device = (Map<String, Object>) ((List<Map<String, Object>>) app.get("userCredentialMetadatas")).get(0).get("credential");
        assertEquals("Test phone", device.get("userLabel"));

        // Removing goes through Keycloak's "delete credential" action, as the account console's button does. Keycloak
        // first asks for the highest level the factor serves in the browser flow (LoAUtil.getCredentialTypesToLoAMap:
        // the app is in level 3, urn:nordic-sca:loa:sca-linked, max age 0): the app approves once more.
        Page again = browser.open(accountConsole.authorizationUrl(Map.of("kc_action", "delete_credential:" + device.get("id"))));
        assertTrue(AppStep.isWaitingPage(again), "the app is asked again before it is removed: " + again.body());
        phone.approve(phone.pending().get(0), AppStep.eventId(again));
        Page confirm = AppStep.continueAfterAnswer(again);
        Page removed = confirm.loginActionForm().set("accept", "").submit();
        assertTrue(removed.uri().getPath().endsWith("/account/"), "back in the account console: " + removed.uri() + "\n" + removed.body());
        assertTrue(realm.admin().users().get(phoneOwner("app-user-account")).credentials().stream()
                .noneMatch(credential -> "app-device".equals(credential.getType())), "the phone is gone");
        ApiResponse gone = phone.signedCall("challenges/pending", Map.of());
        assertEquals(401, gone.status(), "a removed phone can do nothing: " + gone.body());
    }

    @Test
    void thePasswordAloneCannotActivateTheApp() {
        realm.updateWithCleanup(settings -> settings.browserFlow("browser"));
        realm.addUser(UserBuilder.create("app-user-password-only").enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email("app-user-password-only@nordic-bank.example").emailVerified(true).requiredActions(ENROLL_ACTION));

        Page page = passwordStep("app-user-password-only");
        assertEquals("NSCA-5103", page.document().getElementById("app-enroll-notice").attr("data-error-code"), page.body());
        assertNull(page.document().getElementById("app-enroll-payload"), "no enrollment code on the password alone");
    }

    @Test
    void theAppNamesTheClientInTheCustomersLanguageNeverAsAMessageKey() throws Exception {
        DeviceClient phone = enrolledCustomer("app-user-client-name");
        // Keycloak names its own clients by message key: the account console is "${client_account-console}".
        OidcClient accountConsole = new OidcClient(realm.getBaseUrl(), "account-console", realm.getBaseUrl() + "/account/");

        Page english = new Browser(urls.getBase()).open(accountConsole.authorizationUrl()).form("kc-form-login")
                .set("username", "app-user-client-name").set("password", PASSWORD).submit();
        assertEquals("Account Console", phone.pending().get(0).client(), "the theme's text, in the realm's default language");
        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(english)).result());

        Page norwegian = new Browser(urls.getBase()).open(accountConsole.authorizationUrl(Map.of("ui_locales", "nb"))).form("kc-form-login")
                .set("username", "app-user-client-name").set("password", PASSWORD).submit();
        assertEquals(ThemeMessages.of("nb").text("client_account-console"), phone.pending().get(0).client(), "in the sign-in's language");
        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(norwegian)).result());

        // The bank's own texts (Realm settings → Localization) win, in the language of the sign-in.
        realm.admin().localization().saveRealmLocalizationText("sv", "client_account-console", "Kontoöversikt");
        Page swedish = new Browser(urls.getBase()).open(accountConsole.authorizationUrl(Map.of("ui_locales", "sv"))).form("kc-form-login")
                .set("username", "app-user-client-name").set("password", PASSWORD).submit();
        assertEquals("Kontoöversikt", phone.pending().get(0).client());

        // What the customer reads in the companion app after approving.
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("companion").resolve("phone.json");
        io.nordicsca.companion.DeviceState.save(phone.device(), state);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = io.nordicsca.companion.Main.run(new String[] {"--state", state.toString(), "approve", "--event-id", AppStep.eventId(swedish)},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit);
        assertEquals("Approved: Kontoöversikt.", out.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }

    @Test
    void eachEnrollmentPageRevokesTheCodeShownBeforeAndNoCodeOfTheSignInWorksAfterActivation() {
        Page first = enrollmentPage("app-user-tokens");
        String firstCode = AppStep.enrollmentPayload(first);
        Page again = first.reload();
        if (again.textOf("loginContinueLink") != null) {
            again = again.follow("loginContinueLink");
        }
        String secondCode = AppStep.enrollmentPayload(again);
        assertFalse(firstCode.equals(secondCode), "a new page shows a new code");
        assertRefused(firstCode, "the code of the page before no longer enrolls a phone");

        Page notYet = AppStep.enrollmentDone(again); // "Done" before the phone scanned: a fresh code with a hint
        String thirdCode = AppStep.enrollmentPayload(notYet);
        assertRefused(secondCode, "nor does the code the customer did not use");
        DeviceClient.enroll(thirdCode, "Test phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(notYet).redirectedAwayTo(), "activated");

        for (String code : List.of(firstCode, secondCode, thirdCode)) {
            assertRefused(code, "after activation no code of this sign-in enrolls another phone");
        }
    }

    @Test
    void laterSignsInWithoutThePhoneRevokesTheCodeAndAsksAgainAtTheNextSignIn() {
        Page enroll = enrollmentPage("app-user-later");
        String code = AppStep.enrollmentPayload(enroll);
        Page later = enroll.form(AppStep.ENROLL_FORM).set("later", "true").submit();
        assertNotNull(later.redirectedAwayTo(), "'Later' signs in without the app: " + later.body());
        assertRefused(code, "the code shown is revoked");

        String userId = phoneOwner("app-user-later");
        assertTrue(realm.admin().users().get(userId).toRepresentation().getRequiredActions().contains(ENROLL_ACTION),
                "the bank's request to activate the app stays on the customer");
        Page next = CodeCardStep.answerRightly(passwordStep("app-user-later"), cards.get(userId));
        assertNotNull(next.textOf("app-enroll-payload"), "the next sign-in asks again: " + next.body());
        DeviceClient.enroll(AppStep.enrollmentPayload(next), "Test phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(next).redirectedAwayTo());
        assertFalse(realm.admin().users().get(userId).toRepresentation().getRequiredActions().contains(ENROLL_ACTION),
                "activated: not asked again");
    }

    @Test
    void thisWasNotMeWhileKeycloakHasLockedTheCustomerStillLocksTheAppForTheBank() {
        DeviceClient phone = enrolledCustomer("app-user-not-me-locked");
        String userId = phoneOwner("app-user-not-me-locked");
        passwordStep("app-user-not-me-locked");
        Challenge challenge = phone.pending().get(0);
        try {
            // Someone guesses the password elsewhere: Keycloak locks the whole account while the push waits.
            for (int guess = 1; guess <= 5; guess++) {
                assertNull(PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()),
                        "app-user-not-me-locked", "wrong-password-" + guess).redirectedAwayTo());
            }
            AttackDetection.await(realm, userId, AttackDetection::locked, "the customer locked");

            Answer refused = phone.answer(challenge.id(), null, DeviceClient.NOT_ME);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("customer_locked", refused.error());
            Map<String, Object> app = LockoutDesk.factor(desk().view(userId), "app");
            assertEquals("BANK", app.get("state"), "'this was not me' locks the app for the bank even while Keycloak's lock is on: " + app);
            assertEquals("not-me", app.get("by"));
        } finally {
            AttackDetection.unlock(realm, userId);
        }
        ApiResponse after = phone.signedCall("challenges/pending", Map.of());
        assertEquals(403, after.status(), "Keycloak's lock lifted, the app stays locked until the bank opens it: " + after.body());
        assertEquals("app_locked", after.error());
    }

    @Test
    void theDenialThatLeavesOneAttemptBeforeThePermanentLockWarnsInTheBrowserAndInTheApp() throws InterruptedException {
        String settings = BankSettings.save(realm.admin(), realm.getId(), Map.of("lockoutApp", "2:bank", "supportPhone", "+46 8 123 456 78"));
        try {
            DeviceClient phone = enrolledCustomer("app-user-last-attempt");
            String userId = phoneOwner("app-user-last-attempt");
            Page waiting = passwordStep("app-user-last-attempt");
            assertNull(LockPage.warning(waiting), "nothing to warn of before a wrong answer");

            Answer denied = phone.deny(phone.pending().get(0));
            assertEquals("denied", denied.result());
            assertTrue(denied.lastAttempt(), "the device API tells the app that the next wrong answer blocks it");

            Page declined = AppStep.continueAfterAnswer(waiting);
            assertEquals("NSCA-4004", AppStep.outcome(declined), "the outcome has its catalogue code: " + declined.body());
            assertEquals(ENGLISH.text("appDeclined"), declined.textOf(AppStep.OUTCOME_PROBLEM_ID));
            assertTrue(declined.textOf(AppStep.OUTCOME_PHONE_ID).contains("+46 8 123 456 78"), "a denial the customer did not make needs the bank");
            assertEquals("NSCA-4904", LockPage.warning(declined), "and warns that the next wrong answer blocks the app");
            assertEquals(ENGLISH.text("errorAppLastAttemptProblem"), declined.textOf("nordic-sca-warning-problem"));

            Page retried = AppStep.tryAgain(declined);
            assertTrue(AppStep.isWaitingPage(retried), retried.body());
            assertEquals("NSCA-4904", LockPage.warning(retried), "the new request is the last attempt, and its page says so");

            Thread.sleep(1200); // longer than Keycloak's quick-login check, so only the app's schedule decides
            String eventId = AppStep.eventId(retried);
            Answer wrong = phone.answer(phone.pending().get(0).id(), (eventId.charAt(0) == 'A' ? "C" : "A") + eventId.substring(1),
                    DeviceClient.APPROVE);
            assertEquals("wrong_event_id", wrong.error());
            assertFalse(wrong.lastAttempt(), "that answer locked the app: no attempt is left to warn of");
            Page locked = AppStep.continueAfterAnswer(retried);
            assertEquals("NSCA-4903", LockPage.code(locked), locked.body());
            assertEquals("BANK", LockoutDesk.factor(desk().view(userId), "app").get("state"));
        } finally {
            realm.admin().components().component(settings).remove();
        }
    }

    @Test
    void aRequestReplacedUnansweredIsTheCountedAttemptAndTheNewOneWarnsWithoutNamingTheAppWhereTheBankHidesIt() {
        String settings = BankSettings.save(realm.admin(), realm.getId(), Map.of("lockoutApp", "2:bank", "lockoutHideFactor", "true"));
        try {
            enrolledCustomer("app-user-last-replaced");
            Page waiting = passwordStep("app-user-last-replaced");
            Page retried = waiting.form(AppStep.WAIT_FORM).set("retry", "true").submit();
            assertTrue(AppStep.isWaitingPage(retried), retried.body());
            assertEquals("NSCA-1914", LockPage.warning(retried), "the replaced request counted; the next one is the last: " + retried.body());
        } finally {
            realm.admin().components().component(settings).remove();
        }
    }

    /** A customer with a code card whom the bank asks to activate the app: the enrollment page after the card. */
    private Page enrollmentPage(String username) {
        realm.addUser(UserBuilder.create(username).enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email(username + "@nordic-bank.example").emailVerified(true).requiredActions(ENROLL_ACTION));
        String userId = phoneOwner(username);
        cards.put(userId, new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100));
        return CodeCardStep.answerRightly(passwordStep(username), cards.get(userId));
    }

    private static void assertRefused(String enrollmentCode, String message) {
        io.nordicsca.companion.DeviceApiException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.nordicsca.companion.DeviceApiException.class, () -> DeviceClient.enroll(enrollmentCode, "Other phone", "cli", null), message);
        assertEquals(400, refused.status(), message);
        assertEquals("invalid_token", refused.error(), message);
    }

    /** A customer with a code card who activated the app; the companion app plays the phone. */
    private DeviceClient enrolledCustomer(String username) {
        AppCustomers.Enrolled enrolled = AppCustomers.add(realm, admin, urls.getBase(), username, PASSWORD);
        cards.put(enrolled.userId(), enrolled.card());
        return enrolled.phone();
    }

    private String phoneOwner(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
