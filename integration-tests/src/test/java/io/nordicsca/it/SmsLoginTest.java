package io.nordicsca.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in with an SMS code: the demo realm's flow (password, then the second factor) for a
 * customer whose bank has only a mobile number on file, sent through the real twilio-java client
 * to the local Twilio stand-in.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SmsLoginTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    /** Long enough that a sign-in, a reload and a resend fit in it on a loaded 2-core CI machine. */
    private static final int COOLDOWN_SECONDS = 5;
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
        SmsStep.configure(realm, Map.of("resendCooldownSeconds", String.valueOf(COOLDOWN_SECONDS)));
    }

    @Test
    void oneSmsPerSignInReloadSendsNothingAndResendSendsTheSameCodeAfterTheCooldown() throws InterruptedException {
        String number = "+46701110001";
        Customers.addWithPhone(realm, "sms-user-once", PASSWORD, "070-111 00 01");

        Page page = passwordStep("sms-user-once");
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(number);
        assertEquals(1, sent.size(), "signing in sends exactly one SMS");
        TwilioStandIn.Sms sms = sent.get(0);
        assertEquals(TwilioStandIn.ACCOUNT_SID, sms.accountSid());
        assertEquals(TwilioStandIn.FROM_NUMBER, sms.from(), "sent from the configured number");
        String code = sms.code();
        assertEquals(6, code.length());
        assertTrue(sms.body().startsWith(ENGLISH.text("smsText", realm.admin().toRepresentation().getDisplayName(), code, 5)),
                "the text names the bank, the code and its validity, and warns: " + sms.body());
        assertNull(sms.webOtpLine(), "no WebOTP line: the test server has no fixed hostname (SmsHardeningTest): " + sms.body());
        assertEquals(ENGLISH.text("smsPrompt", "+46•••••••01", 5), page.textOf("sms-prompt"), "the number is shown masked");
        assertFalse(page.body().contains("701110001"), "the page never shows the full number");

        Page reloaded = page.reload();
        if (reloaded.textOf("loginContinueLink") != null) {
            reloaded = reloaded.follow("loginContinueLink");
        }
        assertTrue(SmsStep.isCodePage(reloaded), reloaded.body());
        assertEquals(1, TWILIO.sentTo(number).size(), "a reload sends nothing");

        Page tooSoon = SmsStep.resend(reloaded);
        assertEquals(1, TWILIO.sentTo(number).size(), "'Send a new code' before the cooldown sends nothing");
        assertTrue(IntStream.rangeClosed(1, COOLDOWN_SECONDS).mapToObj(left -> ENGLISH.text("smsResendTooSoon", left)).toList()
                        .contains(tooSoon.textOf(SmsStep.ERROR_ID)),
                "says how long to wait: " + tooSoon.textOf(SmsStep.ERROR_ID));

        Thread.sleep(COOLDOWN_SECONDS * 1000L + 200);
        Page resent = SmsStep.resend(tooSoon);
        assertEquals(2, TWILIO.sentTo(number).size(), "after the cooldown the code is sent again");
        assertEquals(code, TWILIO.sentTo(number).get(1).code(), "a resend while the code is valid sends the same code");
        assertEquals(ENGLISH.text("smsResent"), SmsStep.alert(resent));

        Page signedIn = SmsStep.answer(resent, code);
        assertNotNull(signedIn.redirectedAwayTo(), "the code from the SMS signs in: " + signedIn.body());
        assertTrue(signedIn.redirectedAwayTo().getQuery().contains("code="));
    }

    @Test
    void aCodeAllowsThreeTriesAndFiveWrongCodesLockSmsSignInUntilItLiftsOrTheBankOpensIt() throws InterruptedException {
        String number = "+46701110002";
        String userId = Customers.addWithPhone(realm, "sms-user-lock", PASSWORD, number);
        Page page = passwordStep("sms-user-lock");
        String first = TWILIO.sentTo(number).get(0).code();

        for (int guess = 1; guess <= 3; guess++) {
            page = SmsStep.answer(page, wrong(first));
            String expected = guess < 3 ? ENGLISH.text("smsCodeInvalid", 3 - guess) : ENGLISH.text("smsCodeUsedUp");
            assertEquals(expected, page.textOf(SmsStep.ERROR_ID), "after wrong code " + guess);
            assertEquals(guess < 3 ? "NSCA-3001" : "NSCA-3003", page.fieldErrorCode("code"), "with its code, after wrong code " + guess);
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
        Page rightButUsedUp = SmsStep.answer(page, first);
        assertNull(rightButUsedUp.redirectedAwayTo(), "after 3 wrong tries even the right code is refused");
        assertEquals(ENGLISH.text("smsCodeUsedUp"), rightButUsedUp.textOf(SmsStep.ERROR_ID));
        assertEquals(3, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 3)),
                "each wrong code counted; the refused right one did not");

        Thread.sleep(COOLDOWN_SECONDS * 1000L);
        page = SmsStep.resend(rightButUsedUp);
        String second = TWILIO.sentTo(number).get(1).code();
        assertNotEquals(first, second, "a used-up code is replaced by a new one");
        page = SmsStep.answer(page, wrong(second));
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        Page lastCodePage = page;
        page = SmsStep.answer(page, wrong(second));
        Map<String, Object> status = AttackDetection.awaitFailures(realm, userId, 5);
        assertTrue(AttackDetection.locked(status), "the resend did not reset the count: 5 wrong codes lock. " + status);
        assertEquals("NSCA-3901", LockPage.code(page), "the 5th wrong code locks SMS sign-in for a while, and says so");
        assertEquals(ENGLISH.text("nordicScaTryAgainIn", 15), page.textOf(LockPage.MINUTES_ID), "and for how long");
        Map<String, Object> sms = LockoutDesk.factor(desk().view(userId), "sms");
        assertEquals("TEMPORARY", sms.get("state"), "the lock is the SMS factor's own: " + sms);
        assertEquals(5, ((Number) sms.get("failures")).intValue());

        // Back to the code page and the right code: this sign-in cannot keep guessing.
        Page rightWhileLocked = SmsStep.answer(lastCodePage, second);
        assertNull(rightWhileLocked.redirectedAwayTo(), "the right code is refused once the sign-in is blocked");
        assertFalse(SmsStep.isCodePage(rightWhileLocked));

        Page newSignIn = passwordStep("sms-user-lock");
        assertFalse(SmsStep.isCodePage(newSignIn), "a locked customer gets no code page");
        assertEquals(2, TWILIO.sentTo(number).size(), "and no SMS");

        AttackDetection.unlock(realm, userId);
        Page stillLocked = passwordStep("sms-user-lock");
        assertFalse(SmsStep.isCodePage(stillLocked), "clearing Keycloak's account-wide record does not open the SMS factor");
        assertEquals(2, TWILIO.sentTo(number).size());

        desk().unlock(userId, "sms", "Customer called from the number on file");
        Page afterUnlock = passwordStep("sms-user-lock");
        Page signedIn = SmsStep.answer(afterUnlock, TWILIO.sentTo(number).get(2).code());
        assertNotNull(signedIn.redirectedAwayTo(), "after the bank unlocks, a new code signs in");

        List<EventRepresentation> wrongCodes = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50)
                .stream().filter(e -> "invalid_user_credentials".equals(e.getError())).toList();
        assertEquals(5, wrongCodes.size());
        for (EventRepresentation event : wrongCodes) {
            assertEquals("sms-otp", event.getDetails().get("credential_type"));
            assertEquals("sms", event.getDetails().get("nordic_sca_factor"));
            assertEquals("+46•••••••02", event.getDetails().get("sms_to"));
            assertFalse(event.getDetails().toString().contains(first) || event.getDetails().toString().contains(second), "no code in events");
        }
    }

    @Test
    void anExpiredCodeIsRefusedAndNotCounted() throws InterruptedException {
        SmsStep.configure(realm, Map.of("validSeconds", "10", "resendCooldownSeconds", "0"));
        String number = "+46701110003";
        String userId = Customers.addWithPhone(realm, "sms-user-expiry", PASSWORD, number);
        Page page = passwordStep("sms-user-expiry");
        String code = TWILIO.sentTo(number).get(0).code();

        Thread.sleep(10_500);
        Page expired = SmsStep.answer(page, code);
        assertNull(expired.redirectedAwayTo(), "an expired code does not sign in");
        assertEquals(ENGLISH.text("smsCodeExpired"), expired.textOf(SmsStep.ERROR_ID));
        assertEquals("NSCA-3002", expired.fieldErrorCode("code"));
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)), "an expired code is not a guess");

        Page renewed = SmsStep.resend(expired);
        String fresh = TWILIO.sentTo(number).get(1).code();
        assertNotNull(SmsStep.answer(renewed, fresh).redirectedAwayTo(), "the new code signs in");
    }

    @Test
    void malformedCodesAreExplainedAndNotCounted() {
        String number = "+46701110004";
        String userId = Customers.addWithPhone(realm, "sms-user-typo", PASSWORD, number);
        Page page = passwordStep("sms-user-typo");
        String code = TWILIO.sentTo(number).get(0).code();

        Map<String, String> expected = Map.of(
                "", ENGLISH.text("smsCodeMissing"),
                "12a456", ENGLISH.text("smsCodeNotDigits"),
                "\u0661\u0662\u0663\u0664\u0665\u0666", ENGLISH.text("smsCodeNotDigits"),
                "1234567", ENGLISH.text("smsCodeWrongLength", 6),
                "9".repeat(5000), ENGLISH.text("smsCodeWrongLength", 6));
        for (Map.Entry<String, String> input : expected.entrySet()) {
            page = SmsStep.answer(page, input.getKey());
            assertEquals(200, page.status(), "input of " + input.getKey().length() + " characters");
            assertEquals(input.getValue(), page.textOf(SmsStep.ERROR_ID));
        }
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)), "malformed input is not a guess");
        assertNotNull(SmsStep.answer(page, code.substring(0, 3) + " " + code.substring(3)).redirectedAwayTo(),
                "a code typed with a space, as the SMS groups it, signs in");
    }

    @Test
    void theSendLimitPerCustomerStopsSmsAndSaysWhen() {
        SmsStep.configure(realm, Map.of("sendsPerUser", "3", "sendsPerNumber", "10"));
        String number = "+46701110005";
        String userId = Customers.addWithPhone(realm, "sms-user-limit", PASSWORD, number);
        for (int signIn = 1; signIn <= 3; signIn++) {
            assertTrue(SmsStep.isCodePage(passwordStep("sms-user-limit")));
        }
        Page limited = passwordStep("sms-user-limit");

        assertEquals(3, TWILIO.sentTo(number).size(), "the 4th sign-in within the window sends nothing");
        assertEquals("NSCA-3007", SmsStep.noticeCode(limited), limited.body());
        assertEquals(ENGLISH.text("errorSmsLimitProblem"), limited.textOf("sms-problem"));
        assertEquals(ENGLISH.text("nordicScaTryAgainIn", 10), limited.textOf("sms-problem-minutes"), "and says when");
        assertFalse(SmsStep.isCodePage(limited));
        assertNotNull(limited.document().getElementById("sms-retry"), "the customer can try again later");
        EventRepresentation event = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 10).stream()
                .filter(e -> "sms_limit_reached".equals(e.getError())).findFirst().orElseThrow();
        assertEquals("user", event.getDetails().get("sms_limit"));
    }

    @Test
    void aCustomerWithAnInvalidNumberOnFileIsToldToContactTheBank() {
        Customers.addWithPhone(realm, "sms-user-badnumber", PASSWORD, "+46 123 45");
        Page page = passwordStep("sms-user-badnumber");

        assertEquals(200, page.status());
        assertEquals("NSCA-3005", SmsStep.noticeCode(page), page.body());
        assertEquals(ENGLISH.text("errorSmsNumberInvalidProblem"), page.textOf("sms-problem"));
        assertEquals(ENGLISH.text("errorSmsUpdateNumberSolution"), page.textOf("sms-solution"));
        assertFalse(SmsStep.isCodePage(page));
    }

    @Test
    void aCustomerWithoutANumberIsNotOfferedTheStepAndWhereItIsRequiredIsToldToContactTheBank() {
        String userId = Customers.add(realm, "sms-user-nonumber", PASSWORD);
        new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        // The demo flow: code card and SMS are alternatives, so this customer gets the card.
        Page alternative = passwordStep("sms-user-nonumber");
        assertNotNull(alternative.textOf("code-card-prompt"), alternative.body());

        // A flow where SMS is required, and the bank has not enabled self-registration.
        AuthenticationExecutionInfoRepresentation sms = realm.admin().flows().getExecutions("nordic-bank second factor").stream()
                .filter(execution -> "nordic-sca-sms-otp".equals(execution.getProviderId())).findFirst().orElseThrow();
        sms.setRequirement("REQUIRED");
        realm.admin().flows().updateExecutions("nordic-bank second factor", sms);
        try {
            Page required = passwordStep("sms-user-nonumber");
            assertTrue(required.status() < 500, "never a 500: " + required.status());
            assertEquals(ENGLISH.text("credentialSetupRequired"), required.document().selectFirst("#kc-error-message .instruction").text());
            assertNull(required.redirectedAwayTo(), "no sign-in without the required step");
        } finally {
            sms.setRequirement("ALTERNATIVE");
            realm.admin().flows().updateExecutions("nordic-bank second factor", sms);
        }
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }
}
