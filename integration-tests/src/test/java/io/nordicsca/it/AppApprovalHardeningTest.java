package io.nordicsca.it;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nordicsca.companion.Answer;
import io.nordicsca.companion.DeviceApiException;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AnotherWay;
import io.nordicsca.it.support.AppApprovalSettings;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
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
 * The app step against an attacker and against a bank's own settings (issue 9's second review):
 * a REQUIRED app step with activation switched off, approvals racing another request of the
 * customer, and requests superseded before anyone answered them.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppApprovalHardeningTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String ENROLL_ACTION = "nordic-sca-enroll-app";
    private static final String APP_ONLY_FLOW = "app-only-hardening-test";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void aRequiredAppStepWithActivationSwitchedOffRefusesACustomerWithoutAPhoneRatherThanSigningInOnThePassword() {
        realm.addUser(UserBuilder.create("app-required-no-phone").enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email("app-required-no-phone@nordic-bank.example").emailVerified(true));
        RequiredActionProviderRepresentation action = realm.admin().flows().getRequiredAction(ENROLL_ACTION);
        boolean wasEnabled = action.isEnabled();
        try {
            appOnlyFlow();
            useBrowserFlow(APP_ONLY_FLOW);
            action.setEnabled(false);
            realm.admin().flows().updateRequiredAction(ENROLL_ACTION, action);

            Page page = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "app-required-no-phone", PASSWORD);

            URI redirect = page.redirectedAwayTo();
            assertTrue(redirect == null || !String.valueOf(redirect.getQuery()).contains("code="),
                    "the password alone gets no authorization code: " + redirect + "\n" + page.body());
        } finally {
            action.setEnabled(wasEnabled);
            realm.admin().flows().updateRequiredAction(ENROLL_ACTION, action);
            useBrowserFlow(DemoRealm.load().getBrowserFlow());
            realm.admin().flows().getFlows().stream().filter(flow -> APP_ONLY_FLOW.equals(flow.getAlias()))
                    .forEach(flow -> realm.admin().flows().deleteFlow(flow.getId()));
        }
    }

    /**
     * Keycloak's blocking protector says "temporarily disabled" while another request of the same
     * customer is being handled (here another tab's SMS, slow to reach Twilio). An approval
     * submitted meanwhile must wait and go on, never end as declined.
     */
    @Test
    void anApprovalSubmittedWhileAnotherRequestOfTheCustomerIsInFlightIsNotDeclinedAndThenSignsIn() throws Exception {
        SmsStep.configure(realm, Map.of());
        String number = "+46701190020";
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-in-flight", PASSWORD);
        UserRepresentation user = realm.admin().users().get(customer.userId()).toRepresentation();
        user.singleAttribute("phoneNumber", number);
        realm.admin().users().get(customer.userId()).update(user);
        DeviceClient phone = customer.phone();

        Page waiting = passwordStep("app-in-flight");
        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(waiting)).result());
        Page otherTab = passwordStep("app-in-flight"); // its own app request; then "try another way": SMS

        TWILIO.answer(number, TwilioStandIn.Reply.after(Duration.ofMillis(1500)));
        ExecutorService hands = Executors.newSingleThreadExecutor();
        Page meanwhile;
        try {
            Future<Page> slowSms = hands.submit(() -> AnotherWay.choose(otherTab, ENGLISH.text("nordic-sca-sms-otp-display-name")));
            Thread.sleep(700); // the other tab now waits for Twilio, holding Keycloak's in-flight marker
            meanwhile = AppStep.continueAfterAnswer(waiting);
            slowSms.get();
        } finally {
            hands.shutdown();
            TWILIO.answerNormally(number);
        }

        assertNull(meanwhile.redirectedAwayTo(), "the race did show something: " + meanwhile.body());
        assertNull(AppStep.outcome(meanwhile), "an approval is not declined by a race");
        assertNull(LockPage.code(meanwhile), "nor blocked");
        assertTrue(AppStep.isWaitingPage(meanwhile), "the waiting page goes on: " + SmsStep.alert(meanwhile));
        assertEquals(ENGLISH.text("nordicScaAttemptInProgress"), SmsStep.alert(meanwhile), "it says to try again");
        Page signedIn = AppStep.continueAfterAnswer(meanwhile);
        assertNotNull(signedIn.redirectedAwayTo(), "submitting again signs in: " + SmsStep.alert(signedIn));
    }

    @Test
    void twoSubmitsOfTheWaitingPageAtOnceAfterTheApprovalNeitherDeclineNorBlockAndTheSignInCompletes() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-double-submit", PASSWORD).phone();
        Page waiting = passwordStep("app-double-submit");
        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(waiting)).result());

        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        ExecutorService twoHands = Executors.newFixedThreadPool(2);
        List<Page> answers;
        try {
            Future<Page> a = twoHands.submit(() -> { start.await(); return AppStep.continueAfterAnswer(waiting); });
            Future<Page> b = twoHands.submit(() -> { start.await(); return AppStep.continueAfterAnswer(waiting); });
            start.countDown();
            answers = List.of(a.get(), b.get());
        } finally {
            twoHands.shutdown();
        }
        for (Page answer : answers) {
            assertFalse(AppStep.outcome(answer) != null || LockPage.code(answer) != null,
                    "a double submit after an approval is neither declined nor blocked: " + AppStep.outcome(answer) + " " + SmsStep.alert(answer));
        }
        if (answers.stream().noneMatch(answer -> answer.redirectedAwayTo() != null)) {
            Page now = answers.get(0).reload();
            if (now.textOf("loginContinueLink") != null) {
                now = now.follow("loginContinueLink");
            }
            assertNotNull(AppStep.continueAfterAnswer(now).redirectedAwayTo(), "the sign-in completes");
        }
    }

    @Test
    void aRequestSupersededUnansweredByTryAgainOrByANewSignInCountsTowardsLockoutOnce() throws InterruptedException {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-superseded", PASSWORD);
        Page waiting = passwordStep("app-superseded");

        Page retried = waiting.form(AppStep.WAIT_FORM).set("retry", "true").submit();
        assertTrue(AppStep.isWaitingPage(retried), "a new request: " + retried.body());
        AttackDetection.awaitFailures(realm, customer.userId(), 1);

        Thread.sleep(1200); // Keycloak takes two failures within a second for a quick-login attack: keep to one at a time
        passwordStep("app-superseded"); // another sign-in before the request of the first one expired
        assertEquals(2, AttackDetection.failures(AttackDetection.awaitFailures(realm, customer.userId(), 2)),
                "each request nobody answered counts, like an expired one");
        assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, customer.userId(), null, null, null, 0, 50).stream()
                .filter(event -> "app_request_superseded".equals(event.getError())).count() >= 2, "the bank sees why");

        // The first sign-in's request was superseded: it says so, and counts nothing more.
        Page first = AppStep.continueAfterAnswer(retried);
        assertEquals("NSCA-4006", AppStep.outcome(first), "replaced: " + first.body());
        assertEquals(2, AttackDetection.failures(AttackDetection.status(realm, customer.userId())), "never counted twice");
    }

    /** Username and password, then the app step, both REQUIRED: a bank that accepts the app only. */
    /** A lock that lands while the push waits (someone guessing the password elsewhere) stops the approval from signing in. */
    @Test
    void aCustomerLockedWhileThePushWaitsIsNotSignedInByThePhonesApproval() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-locked-meanwhile", PASSWORD);
        Page waiting = passwordStep("app-locked-meanwhile");
        String eventId = AppStep.eventId(waiting);
        try {
            for (int guess = 1; guess <= 5; guess++) {
                assertNull(PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()),
                        "app-locked-meanwhile", "wrong-password-" + guess).redirectedAwayTo());
            }
            AttackDetection.await(realm, customer.userId(), AttackDetection::locked, "the customer locked");

            DeviceClient phone = customer.phone();
            Answer refused = phone.answer(phone.pending().get(0).id(), eventId, DeviceClient.APPROVE);
            assertEquals(403, refused.status(), "the device API refuses an approval for a locked customer: " + refused);
            assertEquals("customer_locked", refused.error());
            Page after = AppStep.continueAfterAnswer(waiting);
            assertNull(after.redirectedAwayTo(), "a locked customer gets no authorization code: " + after.body());
        } finally {
            AttackDetection.unlock(realm, customer.userId());
        }
    }

    private void appOnlyFlow() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(APP_ONLY_FLOW);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        realm.admin().flows().createFlow(flow).close();
        realm.admin().flows().addExecution(APP_ONLY_FLOW, Map.of("provider", "auth-username-password-form"));
        realm.admin().flows().addExecution(APP_ONLY_FLOW, Map.of("provider", "nordic-sca-app-approval"));
        for (AuthenticationExecutionInfoRepresentation execution : realm.admin().flows().getExecutions(APP_ONLY_FLOW)) {
            execution.setRequirement("REQUIRED");
            realm.admin().flows().updateExecutions(APP_ONLY_FLOW, execution);
        }
    }

    private void useBrowserFlow(String alias) {
        org.keycloak.representations.idm.RealmRepresentation representation = realm.admin().toRepresentation();
        representation.setBrowserFlow(alias);
        realm.admin().update(representation);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    /**
     * Push fatigue through the page's own "Cancel": someone with the password signs in, a push goes
     * out, they cancel and start again. Every cancelled push the customer never answered is a wrong
     * answer of the app (PSD2 RTS art. 4), so the app's own schedule locks it like wrong answers would.
     */
    @Test
    void cancellingPushesAgainAndAgainCountsEachAndLocksTheAppOnItsSchedule() throws InterruptedException {
        String settingsId = BankSettings.save(realm.admin(), realm.getId(), Map.of("lockoutApp", "2:1m,4:bank"));
        try {
            AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-cancel-fatigue", PASSWORD);
            Page first = passwordStep("app-cancel-fatigue");
            assertEquals(1, customer.phone().pending().size(), "a push went out");
            Page cancelled = first.form("kc-app-other-form").set("cancel", "true").submit();
            assertNotNull(cancelled.redirectedAwayTo(), "the customer-facing result is as before: back to the app");
            assertEquals("access_denied", OidcClient.query(cancelled.redirectedAwayTo()).get("error"));
            assertEquals(0, customer.phone().pending().size(), "the phone no longer shows it");
            assertEquals(1, ((Number) LockoutDesk.factor(desk().view(customer.userId()), "app").get("failures")).intValue(),
                    "the cancelled push counts as a wrong answer of the app");
            AttackDetection.awaitFailures(realm, customer.userId(), 1);

            Thread.sleep(1200); // longer than the realm's quick-login check (1 s), so only the app's schedule decides
            Page second = passwordStep("app-cancel-fatigue");
            assertTrue(AppStep.isWaitingPage(second), "a second push: " + second.body());
            Page locked = second.form("kc-app-other-form").set("cancel", "true").submit();
            assertNotNull(LockPage.code(locked), "the cancel that reaches the schedule's first step shows lockout's page: " + locked.body());
            Map<String, Object> app = LockoutDesk.factor(desk().view(customer.userId()), "app");
            assertEquals("TEMPORARY", app.get("state"), "the desk sees the app locked: " + app);
            assertEquals("schedule", app.get("by"));
            assertEquals(2, AttackDetection.failures(AttackDetection.awaitFailures(realm, customer.userId(), 2)),
                    "and Keycloak's own count moved with it");
            assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, customer.userId(), null, null, null, 0, 50).stream()
                    .filter(event -> "app_request_cancelled".equals(event.getError())).count() >= 2, "the bank sees why");

            Page next = passwordStep("app-cancel-fatigue");
            assertFalse(AppStep.isWaitingPage(next), "a locked app is asked nothing: " + next.body());
            DeviceApiException refused = org.junit.jupiter.api.Assertions.assertThrows(DeviceApiException.class, () -> customer.phone().pending(),
                    "the phone is told nothing either");
            assertEquals("app_locked", refused.error());
            assertNotNull(next.textOf("code-card-prompt"), "the customer signs in another way: " + next.body());
        } finally {
            realm.admin().components().component(settingsId).remove();
        }
    }

    /**
     * Push fatigue by walking away: the attacker's browser never comes back to a request, which
     * expires unanswered. The next request of the customer, from a fresh browser, counts it (once),
     * however long after its expiry.
     */
    @Test
    void aRequestLeftUnansweredCountsWhenTheNextOneStartsAfterItExpired() throws InterruptedException {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-walk-away", PASSWORD);
        AppApprovalSettings.set(realm, Map.of("expirySeconds", "10"));
        try {
            Page abandoned = passwordStep("app-walk-away");
            assertTrue(AppStep.isWaitingPage(abandoned), abandoned.body());
            Thread.sleep(10_500); // past the request's validity; its browser never posts again
            assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, customer.userId())), "nothing counted yet");

            Page next = passwordStep("app-walk-away");
            assertTrue(AppStep.isWaitingPage(next), "a new request: " + next.body());
            assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, customer.userId(), 1)),
                    "the request left unanswered counts when the next one starts");
            assertEquals(1, ((Number) LockoutDesk.factor(desk().view(customer.userId()), "app").get("failures")).intValue(),
                    "as a wrong answer of the app");
            assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, customer.userId(), null, null, null, 0, 50).stream()
                    .anyMatch(event -> "app_request_expired".equals(event.getError())), "the bank sees why");

            Page late = AppStep.continueAfterAnswer(abandoned);
            assertNull(late.redirectedAwayTo(), "the abandoned browser gets nothing: " + late.body());
            assertEquals(1, ((Number) LockoutDesk.factor(desk().view(customer.userId()), "app").get("failures")).intValue(),
                    "and coming back counts it no second time");
        } finally {
            AppApprovalSettings.set(realm, Map.of());
        }
    }

    /**
     * A customer whose phone was pushed but who chose another way in the same sign-in (here the
     * code card) left no push unanswered: the request is ended uncounted, and the next app
     * request counts nothing for it.
     */
    @Test
    void aPushLeftForAnotherFactorThatSignedInIsNotCounted() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "app-other-way", PASSWORD);
        Page pushed = passwordStep("app-other-way");
        assertTrue(AppStep.isWaitingPage(pushed), "a push went out: " + pushed.body());
        Page card = AnotherWay.choose(pushed, ENGLISH.text("code-card-display-name"));
        assertNotNull(io.nordicsca.it.support.CodeCardStep.answerRightly(card, customer.card()).redirectedAwayTo(), "signed in with the card");

        Page next = passwordStep("app-other-way");
        assertTrue(AppStep.isWaitingPage(next), "the next sign-in asks the app: " + next.body());
        assertEquals(0, ((Number) LockoutDesk.factor(desk().view(customer.userId()), "app").get("failures")).intValue(),
                "the request left for the card counts nothing");
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, customer.userId())), "nor on Keycloak's count");
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }
}
