package io.nordicsca.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.Form;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
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

/**
 * The SMS step against an attacker (issue 9's review): the WebOTP domain, the send limits, the
 * lock on every send, a double submit, and when Keycloak's failure count is cleared.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SmsHardeningTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final Duration PAUSE_BETWEEN_FAILURES = Duration.ofMillis(1200);
    private static final String PHISHING_HOST = "nordic-bank.login-secure.example";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void smsThroughTwilio() {
        SmsStep.configure(realm, Map.of("resendCooldownSeconds", "1"));
    }

    @Test
    void theWebOtpLineNamesTheConfiguredDomainNeverTheHostTheRequestCameWith() {
        SmsStep.configure(realm, Map.of("webOtpDomain", "login.nordic-bank.example"));
        String number = "+46701190001";
        Customers.addWithPhone(realm, "sms-webotp-configured", PASSWORD, number);

        signInThroughPhishingProxy("sms-webotp-configured");

        TwilioStandIn.Sms sms = TWILIO.sentTo(number).get(0);
        assertFalse(sms.body().contains(PHISHING_HOST), "the proxy's domain is not in the SMS: " + sms.body());
        assertEquals("@login.nordic-bank.example #" + sms.code(), sms.webOtpLine(), sms.body());
    }

    @Test
    void withoutAFixedHostnameTheSmsCarriesNoWebOtpLine() {
        String number = "+46701190002";
        Customers.addWithPhone(realm, "sms-webotp-none", PASSWORD, number);

        signInThroughPhishingProxy("sms-webotp-none");

        TwilioStandIn.Sms sms = TWILIO.sentTo(number).get(0);
        assertFalse(sms.body().contains(PHISHING_HOST), "the proxy's domain is not in the SMS: " + sms.body());
        assertNull(sms.webOtpLine(), "no WebOTP line when no domain is configured: " + sms.body());
    }

    @Test
    void aCustomerSigningInIsNotHeldUpByAnotherCustomerRegisteringTheirNumber() {
        SmsStep.configure(realm, Map.of("sendsPerNumber", "2", "sendsPerUser", "10", "resendCooldownSeconds", "0"));
        String victimNumber = "+46701190003";
        Customers.addWithPhone(realm, "sms-number-owner", PASSWORD, victimNumber);

        // Another customer, strongly signed in, keeps asking for codes to the owner's number.
        Page codePage = registrationNumberPage("sms-number-squatter", Map.of("sendsPerNumber", "2", "sendsPerUser", "10"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            codePage = codePage.form("kc-sms-register-form").set("phone", victimNumber).submit();
            assertTrue(SmsStep.isCodePage(codePage), "registration send " + attempt + ": " + codePage.body());
            codePage = codePage.form(SmsStep.RESEND_FORM).set("change", "true").submit();
        }
        Page refused = codePage.form("kc-sms-register-form").set("phone", victimNumber).submit();
        assertFalse(SmsStep.isCodePage(refused), "the number's limit stops the other customer");
        assertEquals(2, TWILIO.sentTo(victimNumber).size());

        Page ownerSignIn = passwordStep("sms-number-owner");
        assertTrue(SmsStep.isCodePage(ownerSignIn), "the owner still gets a code: " + SmsStep.alert(ownerSignIn));
        assertEquals(3, TWILIO.sentTo(victimNumber).size());
        assertNotNull(SmsStep.answer(ownerSignIn, TWILIO.sentTo(victimNumber).get(2).code()).redirectedAwayTo());
    }

    @Test
    void theRealmWideBudgetStopsSmsAcrossCustomers() {
        SmsStep.configure(realm, Map.of("sendsPerRealm", "1"));
        Customers.addWithPhone(realm, "sms-realm-budget-1", PASSWORD, "+46701190004");
        String secondId = Customers.addWithPhone(realm, "sms-realm-budget-2", PASSWORD, "+46701190005");

        passwordStep("sms-realm-budget-1");
        Page second = passwordStep("sms-realm-budget-2");

        assertTrue(TWILIO.sentTo("+46701190004").size() + TWILIO.sentTo("+46701190005").size() <= 1,
                "a budget of 1 lets at most one SMS out in the window");
        assertFalse(SmsStep.isCodePage(second));
        // The realm's 10-minute window may have begun with an earlier test's SMS: the page says when it ends.
        assertEquals("NSCA-3007", SmsStep.noticeCode(second), second.body());
        String when = second.textOf("sms-problem-minutes");
        assertTrue(java.util.stream.IntStream.rangeClosed(1, 10).anyMatch(minutes -> ENGLISH.text("nordicScaTryAgainIn", minutes).equals(when)),
                "the realm's budget is used up, and the page says in how many minutes (at most 10) to ask again: " + when);
        EventRepresentation event = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, secondId, null, null, null, 0, 10).stream()
                .filter(e -> "sms_limit_reached".equals(e.getError())).findFirst().orElseThrow();
        assertEquals("realm", event.getDetails().get("sms_limit"));
    }

    @Test
    void aLockedCustomerGetsNoSmsFromSendANewCodeOrTryAgain() throws InterruptedException {
        String number = "+46701190006";
        String userId = Customers.addWithPhone(realm, "sms-locked-resend", PASSWORD, number);
        Page codePage = passwordStep("sms-locked-resend");
        assertEquals(1, TWILIO.sentTo(number).size());

        String failingNumber = "+46701190007";
        String failingId = Customers.addWithPhone(realm, "sms-locked-retry", PASSWORD, failingNumber);
        TWILIO.answer(failingNumber, TwilioStandIn.Reply.serverError());
        Page retryPage;
        try {
            retryPage = passwordStep("sms-locked-retry");
        } finally {
            TWILIO.answerNormally(failingNumber);
        }
        assertNotNull(retryPage.document().getElementById("kc-sms-retry-form"), retryPage.body());
        assertEquals(1, TWILIO.sentTo(failingNumber).size());

        lockByWrongPasswords("sms-locked-resend", userId);
        lockByWrongPasswords("sms-locked-retry", failingId);
        Thread.sleep(1100); // past the resend cooldown

        Page resent = SmsStep.resend(codePage);
        assertEquals(1, TWILIO.sentTo(number).size(), "'Send a new code' sends nothing to a locked customer");
        assertFalse(SmsStep.isCodePage(resent));
        assertEquals("NSCA-1920", LockPage.code(resent), "a customer Keycloak has locked is refused with lockout's page");

        Page retried = retryPage.form("kc-sms-retry-form").set("resend", "true").submit();
        assertEquals(1, TWILIO.sentTo(failingNumber).size(), "'Try again' sends nothing to a locked customer");
        assertEquals("NSCA-1920", LockPage.code(retried));
    }

    @Test
    void twoParallelSubmitsOfAWrongCodeAreNotAnsweredAsALock() throws Exception {
        String number = "+46701190008";
        String userId = Customers.addWithPhone(realm, "sms-double-submit", PASSWORD, number);
        Page codePage = passwordStep("sms-double-submit");
        String code = TWILIO.sentTo(number).get(0).code();
        String wrong = code.equals("000000") ? "111111" : "000000";

        Form first = codePage.form(SmsStep.FORM).set("code", wrong);
        Form second = codePage.form(SmsStep.FORM).set("code", wrong);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService twoHands = Executors.newFixedThreadPool(2);
        List<Page> answers;
        try {
            Future<Page> a = twoHands.submit(() -> submitAfter(start, first));
            Future<Page> b = twoHands.submit(() -> submitAfter(start, second));
            start.countDown();
            answers = List.of(a.get(), b.get());
        } finally {
            twoHands.shutdown();
        }

        for (Page answer : answers) {
            assertNull(LockPage.code(answer),
                    "one wrong code is not 'too many wrong codes': " + SmsStep.alert(answer) + " / " + answer.textOf(SmsStep.ERROR_ID));
        }
        Map<String, Object> status = AttackDetection.status(realm, userId);
        assertFalse(AttackDetection.locked(status), "two wrong codes do not lock: " + status);

        Thread.sleep(PAUSE_BETWEEN_FAILURES.toMillis());
        Page codePageNow = answers.get(0).reload(); // the sign-in as it stands now, whichever answer landed last
        if (codePageNow.textOf("loginContinueLink") != null) {
            codePageNow = codePageNow.follow("loginContinueLink");
        }
        Page signedIn = SmsStep.answer(codePageNow, code);
        assertNotNull(signedIn.redirectedAwayTo(), "the sign-in goes on: the right code still signs in: " + SmsStep.alert(signedIn));
    }

    /**
     * Keycloak's blocking protector marks a customer "in flight" for as long as one request of
     * theirs is being handled, here another sign-in whose SMS takes a second to reach Twilio. A
     * code typed meanwhile must be answered "try again", not "too many wrong codes".
     */
    @Test
    void aCodeTypedWhileAnotherAttemptIsInFlightIsAnsweredTryAgainNotALock() throws Exception {
        String number = "+46701190010";
        String userId = Customers.addWithPhone(realm, "sms-in-flight", PASSWORD, number);
        Page codePage = passwordStep("sms-in-flight");
        String code = TWILIO.sentTo(number).get(0).code();

        TWILIO.answer(number, TwilioStandIn.Reply.after(Duration.ofMillis(1000)));
        ExecutorService otherTab = Executors.newSingleThreadExecutor();
        Page meanwhile;
        try {
            Future<Page> slowSignIn = otherTab.submit(() -> passwordStep("sms-in-flight"));
            Thread.sleep(400); // the other sign-in is now waiting for Twilio
            meanwhile = SmsStep.answer(codePage, code.equals("000000") ? "111111" : "000000");
            slowSignIn.get();
        } finally {
            otherTab.shutdown();
            TWILIO.answerNormally(number);
        }

        assertTrue(SmsStep.isCodePage(meanwhile), "still the code page: " + SmsStep.alert(meanwhile));
        assertEquals(ENGLISH.text("nordicScaAttemptInProgress"), meanwhile.textOf(SmsStep.ERROR_ID));
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)), "a code not looked at is not counted");
        assertNotNull(SmsStep.answer(meanwhile, code).redirectedAwayTo(), "trying again with the right code signs in");
    }

    @Test
    void aRightCodeDoesNotClearKeycloaksFailureCountBeforeTheSignInEnds() throws InterruptedException {
        String number = "+46701190009";
        String userId = Customers.addWithPhone(realm, "sms-count-kept", PASSWORD, number);
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        user.setRequiredActions(List.of("UPDATE_PASSWORD"));
        realm.admin().users().get(userId).update(user);

        for (int failure = 1; failure <= 2; failure++) {
            wrongPassword("sms-count-kept");
            AttackDetection.awaitFailures(realm, userId, failure);
            Thread.sleep(PAUSE_BETWEEN_FAILURES.toMillis());
        }
        Page codePage = passwordStep("sms-count-kept");
        Page requiredAction = SmsStep.answer(codePage, TWILIO.sentTo(number).get(0).code());
        assertNull(requiredAction.redirectedAwayTo(), "the sign-in is not finished: a new password is asked first");
        assertNotNull(requiredAction.document().getElementById("password-new"), requiredAction.body());

        // Keycloak records in order, after the response: a third failure lands on the count as it then stands.
        Thread.sleep(PAUSE_BETWEEN_FAILURES.toMillis());
        wrongPassword("sms-count-kept");
        assertEquals(3, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 3)),
                "the right code in an unfinished sign-in cleared nothing");

        Page signedIn = requiredAction.loginActionForm().set("password-new", "Customer-password-2")
                .set("password-confirm", "Customer-password-2").submit();
        assertNotNull(signedIn.redirectedAwayTo(), "the finished sign-in leaves Keycloak: " + signedIn.body());
        AttackDetection.await(realm, userId, status -> AttackDetection.failures(status) == 0,
                "Keycloak's end-of-sign-in success to clear the count");
    }

    /**
     * Why our steps need not clear anything themselves: Keycloak's success at the end of the
     * sign-in (which does not count our credential types as "otp") still leaves no failure record,
     * the second-factor count included.
     */
    @Test
    void aFinishedSignInClearsTheSecondFactorCountAsKeycloakDoesForItsOwnOtp() throws InterruptedException {
        String number = "+46701190011";
        String userId = Customers.addWithPhone(realm, "sms-count-cleared", PASSWORD, number);
        Page page = passwordStep("sms-count-cleared");
        String code = TWILIO.sentTo(number).get(0).code();
        for (int wrong = 1; wrong <= 2; wrong++) {
            page = SmsStep.answer(page, code.equals("000000") ? "111111" : "000000");
            AttackDetection.awaitFailures(realm, userId, wrong);
            Thread.sleep(PAUSE_BETWEEN_FAILURES.toMillis());
        }
        assertEquals(2, ((Number) AttackDetection.status(realm, userId).get("numSecondaryAuthFailures")).intValue(),
                "wrong codes count as second-factor failures");

        assertNotNull(SmsStep.answer(page, code).redirectedAwayTo());
        AttackDetection.await(realm, userId, status -> AttackDetection.failures(status) == 0
                        && ((Number) status.get("numSecondaryAuthFailures")).intValue() == 0,
                "the finished sign-in to clear the count and the second-factor count");
    }

    private static Page submitAfter(CountDownLatch start, Form form) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return form.submit();
    }

    /** The sign-in as a phishing proxy forwards it: the customer's requests, with the proxy's Host. */
    private void signInThroughPhishingProxy(String username) {
        Browser browser = new Browser(urls.getBase());
        Form login = browser.open(OidcClient.demo(realm.getBaseUrl()).authorizationUrl()).form("kc-form-login")
                .set("username", username).set("password", PASSWORD);
        browser.header("Host", PHISHING_HOST);
        login.submit();
    }

    /** The number page of the register-phone action, for a new customer who passed the code card. */
    private Page registrationNumberPage(String username, Map<String, String> settings) {
        String action = "nordic-sca-register-phone";
        RequiredActionProviderRepresentation provider = realm.admin().flows().getRequiredAction(action);
        provider.setEnabled(true);
        realm.admin().flows().updateRequiredAction(action, provider);
        RequiredActionConfigRepresentation config = realm.admin().flows().getRequiredActionConfig(action);
        config.getConfig().putAll(SmsStep.FOR_TESTS);
        config.getConfig().putAll(settings);
        realm.admin().flows().updateRequiredActionConfig(action, config);

        String userId = Customers.add(realm, username, PASSWORD);
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        user.setRequiredActions(List.of(action));
        realm.admin().users().get(userId).update(user);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        Page numberPage = CodeCardStep.answerRightly(passwordStep(username), card);
        assertNotNull(numberPage.document().getElementById("kc-sms-register-form"), numberPage.body());
        return numberPage;
    }

    /** Wrong passwords in quick succession until Keycloak locks the customer (its quick-login check). */
    private void lockByWrongPasswords(String username, String userId) {
        for (int attempt = 0; attempt < 6 && !AttackDetection.locked(AttackDetection.status(realm, userId)); attempt++) {
            wrongPassword(username);
        }
        AttackDetection.await(realm, userId, AttackDetection::locked, "Keycloak to lock " + username);
    }

    private void wrongPassword(String username) {
        PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, "Not-the-password-1");
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
