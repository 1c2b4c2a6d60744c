package io.nordicsca.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppApprovalSettings;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
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

/**
 * Timeouts as errors of their own: an answer later than the step's "answer within" (set to 2 s
 * here, through the admin API, as an admin would) ends the sign-in with the timeout page and a
 * working "Start again"; the late answer is not looked at and nothing is counted. The first answer
 * after the password is timed from the password; later ones from the question they answer.
 * Keycloak's own limit for a whole sign-in shows the theme's wording.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class TimeoutsTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int LIMIT_SECONDS = 2;
    private static final Duration TOO_LATE = Duration.ofMillis(LIMIT_SECONDS * 1000L + 1500);
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @AfterEach
    void shippedSettings() {
        answerWithin("nordic-sca-code-card", null);
        SmsStep.configure(realm, Map.of());
        AppApprovalSettings.set(realm, Map.of());
    }

    @Test
    void aSecurityNumberTypedTooLongAfterThePasswordEndsTheSignInUncountedAndStartAgainWorks() throws InterruptedException {
        String userId = Customers.add(realm, "timeout-card", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        answerWithin("nordic-sca-code-card", LIMIT_SECONDS);

        Page question = passwordStep("timeout-card");
        int position = CodeCardStep.askedPosition(question);
        Thread.sleep(TOO_LATE.toMillis());
        Page late = CodeCardStep.answer(question, card.code(position));

        assertNull(late.redirectedAwayTo(), "a late answer does not sign in, even when right");
        assertEquals(ENGLISH.text("nordicScaTimeoutTitle"), late.textOf("kc-page-title"), late.body());
        assertEquals(ENGLISH.text("nordicScaTimeout.between"), late.textOf("nordic-sca-timeout-text"),
                "the first answer is timed from the password: " + late.body());
        assertTimeoutCode("NSCA-6001", late);
        assertNothingCounted(userId);

        Page restarted = late.follow("nordic-sca-restart-link");
        Page again = restarted.form("kc-form-login").set("username", "timeout-card").set("password", PASSWORD).submit();
        assertEquals(position, CodeCardStep.askedPosition(again), "the late answer did not use up the number it answered");
        Page signedIn = CodeCardStep.answerRightly(again, card);
        assertNotNull(signedIn.redirectedAwayTo(), "after 'Start again' an answer in time signs in: " + signedIn.body());
    }

    @Test
    void aWrongAnswerAsksAnewAndTheNextAnswerIsTimedFromThatQuestionAndNotCounted() throws InterruptedException {
        String userId = Customers.add(realm, "timeout-card-wrong", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        answerWithin("nordic-sca-code-card", LIMIT_SECONDS);

        Page question = passwordStep("timeout-card-wrong");
        int position = CodeCardStep.askedPosition(question);
        String wrong = card.code(position).equals("000000") ? "111111" : "000000";
        Page askedAgain = CodeCardStep.answer(question, wrong);
        assertEquals(ENGLISH.text("codeCardInvalid"), askedAgain.textOf(CodeCardStep.ERROR_ID), "in time: the wrong answer is looked at");
        AttackDetection.awaitFailures(realm, userId, 1);

        Thread.sleep(TOO_LATE.toMillis());
        Page late = CodeCardStep.answer(askedAgain, card.code(position));
        assertNull(late.redirectedAwayTo());
        assertEquals(ENGLISH.text("nordicScaTimeout.code-card"), late.textOf("nordic-sca-timeout-text"), late.body());
        assertTimeoutCode("NSCA-6001", late);
        Thread.sleep(1500); // Keycloak records failures after the response
        assertEquals(1, AttackDetection.failures(AttackDetection.status(realm, userId)), "only the wrong answer in time is counted");
    }

    @Test
    void anSmsCodeTypedTooLateEndsTheSignInUncountedAndSendsNothingMore() throws InterruptedException {
        String number = "+46701130001";
        String userId = Customers.addWithPhone(realm, "timeout-sms", PASSWORD, number);
        SmsStep.configure(realm, Map.of(ANSWER_WITHIN, String.valueOf(LIMIT_SECONDS)));

        Page question = passwordStep("timeout-sms");
        assertEquals(1, TWILIO.sentTo(number).size());
        Thread.sleep(TOO_LATE.toMillis());
        Page late = SmsStep.answer(question, TWILIO.sentTo(number).get(0).code());

        assertNull(late.redirectedAwayTo(), "a late code does not sign in, even when right");
        assertEquals(ENGLISH.text("nordicScaTimeout.between"), late.textOf("nordic-sca-timeout-text"), late.body());
        assertTimeoutCode("NSCA-6001", late);
        assertNothingCounted(userId);
        assertEquals(1, TWILIO.sentTo(number).size(), "the timeout sends no new code");
        Page reloaded = late.reload();
        assertNull(reloaded.redirectedAwayTo());
        assertEquals(1, TWILIO.sentTo(number).size(), "a reload after the timeout sends nothing either");
    }

    @Test
    void anAppApprovalTheBrowserPicksUpTooLateEndsTheSignInUncounted() throws InterruptedException {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "timeout-app", PASSWORD);
        DeviceClient phone = customer.phone();
        AppApprovalSettings.set(realm, Map.of(ANSWER_WITHIN, String.valueOf(LIMIT_SECONDS)));

        Page waiting = passwordStep("timeout-app");
        String eventId = AppStep.eventId(waiting);
        Challenge challenge = phone.pending().get(0);
        assertEquals("approved", phone.approve(challenge, eventId).result(), "the phone answers in time");
        Thread.sleep(TOO_LATE.toMillis()); // the browser was asleep
        Page late = AppStep.continueAfterAnswer(waiting);

        assertNull(late.redirectedAwayTo(), "an approval picked up too late does not sign in: " + late.body());
        assertEquals(ENGLISH.text("nordicScaTimeout.between"), late.textOf("nordic-sca-timeout-text"), late.body());
        assertTimeoutCode("NSCA-6001", late);
        assertNothingCounted(customer.userId());
        assertNotNull(late.document().getElementById("nordic-sca-restart-link"), "with a way to start again");
    }

    @Test
    void anAppApprovalTooLateAfterTheAppPageAskedAnewHasTheAppPagesOwnCode() throws InterruptedException {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "timeout-app-again", PASSWORD);
        DeviceClient phone = customer.phone();
        AppApprovalSettings.set(realm, Map.of(ANSWER_WITHIN, String.valueOf(LIMIT_SECONDS)));

        // Declined in the app, then "Try again" from the page: the new request is the app page's own question,
        // so a late answer to it is the app page's timeout, not the gap after the password.
        Page waiting = passwordStep("timeout-app-again");
        phone.deny(phone.pending().get(0));
        Page declined = AppStep.continueAfterAnswer(waiting);
        Page again = declined.form("kc-app-retry-form").set("retry", "true").submit();
        String eventId = AppStep.eventId(again);
        assertEquals("approved", phone.approve(phone.pending().get(0), eventId).result());
        Thread.sleep(TOO_LATE.toMillis());
        Page late = AppStep.continueAfterAnswer(again);

        assertNull(late.redirectedAwayTo(), late.body());
        assertEquals(ENGLISH.text("nordicScaTimeout.app"), late.textOf("nordic-sca-timeout-text"), late.body());
        assertTimeoutCode("NSCA-6002", late);
    }

    @Test
    void keycloaksOwnLimitForAWholeSignInShowsTheThemesWordingAndStartsAgain() throws InterruptedException {
        String userId = Customers.add(realm, "timeout-whole", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        RealmRepresentation settings = realm.admin().toRepresentation();
        Integer shipped = settings.getAccessCodeLifespanLogin();
        settings.setAccessCodeLifespanLogin(LIMIT_SECONDS);
        realm.admin().update(settings);
        try {
            Page question = passwordStep("timeout-whole");
            int position = CodeCardStep.askedPosition(question);
            Thread.sleep(TOO_LATE.toMillis());
            Page late = CodeCardStep.answer(question, card.code(position));
            assertNull(late.redirectedAwayTo());
            assertNotNull(late.document().getElementById("kc-form-login"), "Keycloak starts the sign-in again: " + late.body());
            assertTrue(late.document().text().contains(ENGLISH.text("loginTimeout")), "in the theme's words: " + late.body());
            assertTrue(late.document().text().contains("NSCA-6003"), "with its code: " + late.body());
        } finally {
            settings.setAccessCodeLifespanLogin(shipped);
            realm.admin().update(settings);
        }
        assertNothingCounted(userId);
    }

    static final String ANSWER_WITHIN = "answerWithinSeconds";

    /** The timeout page's error code, as support reads it and as the customer sees it. */
    private static void assertTimeoutCode(String code, Page late) {
        assertEquals(code, late.document().getElementById("nordic-sca-timeout").attr("data-error-code"), late.body());
        assertEquals(ENGLISH.text("errorNoticeCode", code), late.textOf("nordic-sca-timeout-code"));
    }

    private void assertNothingCounted(String userId) throws InterruptedException {
        Thread.sleep(1500); // Keycloak records failures after the response
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)), "a late answer counts nothing");
    }

    /** Sets the step's "answer within" in the demo's second-factor flow; null restores the shipped settings. */
    private void answerWithin(String providerId, Integer seconds) {
        DemoRealm.configureStep(realm.admin(), providerId, seconds == null ? Map.of() : Map.of(ANSWER_WITHIN, String.valueOf(seconds)));
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
