package io.nordicsca.it;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
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
 * Self-service unlock of a locked password in the demo realm's reset-credentials flow ("Password
 * locked?"): identify, SMS code, a security number from the code card, a new password, signed in;
 * and every refusal, on the real server over HTTP.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SelfServiceUnlockTest {

    private static final String OLD_PASSWORD = "Old-password-1234";
    private static final String NEW_PASSWORD = "New-password-5678";
    /** Longer than the realm's quick-login check (1 s), so only the failure counts lock. */
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();
    private static final String LOCK = "nordic-sca.lock.";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void smsThroughTwilioAndLocksReadable() {
        SmsStep.configure(realm, Map.of());
        // The factors' locks are user attributes outside the user profile; the admin may see (and, for the bank's lock, write) them here.
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        realm.admin().users().userProfile().update(profile);
    }

    record Customer(String username, String id, String number, CodeCardDesk.Card card) {
    }

    private Customer customer(String username, String number) {
        String id = Customers.addWithPhone(realm, username, OLD_PASSWORD, number);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(id, 100);
        return new Customer(username, id, number, card);
    }

    @Test
    void aCustomerLockedByWrongPasswordsUnlocksWithSmsCodeAndCodeCardSetsANewPasswordAndIsSignedIn() throws InterruptedException {
        Customer customer = customer("unlock-temporary", "+46701220001");
        lockPasswordWithWrongPasswords(customer, 5);
        assertEquals("TEMPORARY", lockState(customer, "password"), "5 wrong passwords lock the password (demo schedule 5:15m)");
        assertTrue(AttackDetection.locked(AttackDetection.status(realm, customer.id())), "and Keycloak's account-wide count locks too");
        Page refused = signIn(customer.username(), OLD_PASSWORD);
        assertNull(refused.redirectedAwayTo(), "the right password does not sign in while locked");

        Page link = unlockLink(new Browser(urls.getBase()));
        Page smsPage = identify(link, customer.username());
        assertTrue(SmsStep.isCodePage(smsPage), smsPage.body());
        assertEquals(1, TWILIO.sentTo(customer.number()).size(), "one SMS to the customer's number");
        Page cardPage = SmsStep.answer(smsPage, lastCode(customer));
        Page passwordPage = CodeCardStep.answerRightly(cardPage, customer.card());
        assertNotNull(passwordPage.document().getElementById("kc-passwd-update-form"), "Keycloak's new-password page: " + passwordPage.body());
        assertEquals("TEMPORARY", lockState(customer, "password"), "nothing is unlocked before the new password is saved");

        Page tooShort = newPassword(passwordPage, "short", "short");
        assertNotNull(tooShort.document().getElementById("kc-passwd-update-form"), "the realm's policy (length 10) refuses: " + tooShort.body());
        assertEquals("TEMPORARY", lockState(customer, "password"), "a refused password unlocks nothing");
        Page mismatch = newPassword(tooShort, NEW_PASSWORD, NEW_PASSWORD + "x");
        assertNotNull(mismatch.document().getElementById("kc-passwd-update-form"));

        Page signedIn = newPassword(mismatch, NEW_PASSWORD, NEW_PASSWORD);
        assertNotNull(signedIn.redirectedAwayTo(), "signed in after the new password: " + signedIn.body());
        assertTrue(signedIn.redirectedAwayTo().getQuery().contains("code="), signedIn.redirectedAwayTo().toString());

        assertNull(lockAttribute(customer, "password"), "the password's lock is gone");
        assertEquals("0", failuresOf(customer, "password"), "and its count starts again");
        Map<String, Object> keycloak = AttackDetection.status(realm, customer.id());
        assertEquals(0, AttackDetection.failures(keycloak), "Keycloak's failure record is cleared: " + keycloak);
        assertFalse(AttackDetection.locked(keycloak), keycloak.toString());

        Page oldPassword = signIn(customer.username(), OLD_PASSWORD);
        assertNull(oldPassword.redirectedAwayTo(), "the old password no longer signs in");
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        Page again = CodeCardStep.answerRightly(signIn(customer.username(), NEW_PASSWORD), customer.card());
        assertNotNull(again.redirectedAwayTo(), "the new password (and the card) signs in: " + again.body());
    }

    @Test
    void aPasswordLockedUntilSelfServiceIsUnlockedByTheCustomer() {
        Customer customer = customer("unlock-self-service", "+46701220002");
        // Ten wrong passwords take an hour and a quarter of locks in the demo schedule; set where they end.
        setLock(customer, "password", "SELF_SERVICE;0;" + Instant.now().getEpochSecond() + ";schedule;", "run1:10");
        assertNull(signIn(customer.username(), OLD_PASSWORD).redirectedAwayTo(), "locked until self-service");

        Page signedIn = unlockToTheEnd(new Browser(urls.getBase()), customer, NEW_PASSWORD);
        assertNotNull(signedIn.redirectedAwayTo(), signedIn.body());
        assertNull(lockAttribute(customer, "password"));
    }

    @Test
    void anUnknownUsernameGetsTheSamePageAsACustomerAndNoCodeIsEverRight() {
        Customer known = customer("unlock-known", "+46701220003");

        Browser realBrowser = new Browser(urls.getBase());
        Browser decoyBrowser = new Browser(urls.getBase());
        Page identifyPage = unlockLink(realBrowser);
        Instant start = Instant.now();
        Page real = identify(identifyPage, known.username());
        Duration realTime = Duration.between(start, Instant.now());
        Page decoyIdentifyPage = unlockLink(decoyBrowser);
        start = Instant.now();
        Page decoy = identify(decoyIdentifyPage, "no-such-customer-4711");
        Duration decoyTime = Duration.between(start, Instant.now());
        System.out.println("unlock identify: real SMS page " + realTime.toMillis() + " ms, decoy " + decoyTime.toMillis() + " ms");

        assertTrue(SmsStep.isCodePage(decoy), "an unknown username gets the SMS code page: " + decoy.body());
        assertEquals(visible(real), visible(decoy), "the two pages read the same, but for the number's last two digits");
        assertEquals(fields(real), fields(decoy), "and have the same forms and fields");
        assertEquals(targets(real), targets(decoy), "whose forms post to the same step and whose links lead to the same places");
        assertTrue(targets(decoy).stream().anyMatch(target -> target.contains("/login-actions/restart?")), "the restart link is compared too: "
                + targets(decoy));
        assertEquals(execution(real, SmsStep.FORM), execution(decoy, SmsStep.FORM), "the decoy answers as the SMS step");
        assertNotEquals(execution(identifyPage, "nordic-sca-unlock-form"), execution(decoy, SmsStep.FORM),
                "not as the step that asked for the username");
        assertEquals(known.username(), real.document().getElementById("kc-attempted-username").val());
        assertEquals("no-such-customer-4711", decoy.document().getElementById("kc-attempted-username").val(),
                "the decoy shows the typed username where Keycloak shows the customer's");
        Page realReloaded = real.reload();
        Page decoyReloaded = decoy.reload();
        assertEquals(visible(realReloaded), visible(decoyReloaded), "the address after \"Continue\" opened again reads the same: "
                + decoyReloaded.body());
        assertEquals(targets(realReloaded), targets(decoyReloaded));
        real = realBrowser.open(real.document().getElementById(SmsStep.FORM).absUrl("action"));
        decoy = decoyBrowser.open(decoy.document().getElementById(SmsStep.FORM).absUrl("action"));
        assertTrue(SmsStep.isCodePage(decoy), "the form's address opened shows the code page again: " + decoy.body());
        assertEquals(visible(real), visible(decoy), "and reads the same");
        assertEquals(targets(real), targets(decoy));
        assertEquals(1, TWILIO.sentTo(known.number()).size(), "opening a page again sends nothing");

        Page realWrong = SmsStep.answer(real, wrongCode(lastCode(known)));
        Page decoyWrong = SmsStep.answer(decoy, "123456");
        assertEquals(realWrong.textOf(SmsStep.ERROR_ID), decoyWrong.textOf(SmsStep.ERROR_ID), "a wrong code reads the same");
        assertEquals(ENGLISH.text("smsCodeInvalid", 2), decoyWrong.textOf(SmsStep.ERROR_ID));
        Page malformed = SmsStep.answer(decoyWrong, "12a");
        assertEquals(ENGLISH.text("smsCodeNotDigits", 6), malformed.textOf(SmsStep.ERROR_ID), "bad input gets the SMS step's own message");
        Page tooSoon = SmsStep.resend(malformed);
        assertTrue(SmsStep.isCodePage(tooSoon), tooSoon.body());
        List<String> waits = new ArrayList<>();
        for (int seconds = 20; seconds <= 30; seconds++) {
            waits.add(ENGLISH.text("smsResendTooSoon", seconds));
        }
        assertTrue(waits.contains(tooSoon.textOf(SmsStep.ERROR_ID)), "says how long to wait: " + tooSoon.textOf(SmsStep.ERROR_ID));
        Page stillWrong = SmsStep.answer(tooSoon, "654321");
        assertEquals(ENGLISH.text("smsCodeInvalid", 1), stillWrong.textOf(SmsStep.ERROR_ID));
        assertNull(stillWrong.redirectedAwayTo());

        Page realStale = identify(identifyPage, known.username());
        Page decoyStale = identify(decoyIdentifyPage, "no-such-customer-4711");
        assertEquals(visible(realStale), visible(decoyStale), "the first page sent again (back button) is answered the same: " + decoyStale.body());
        assertEquals(targets(realStale), targets(decoyStale));
    }

    /**
     * The SMS factor's schedule (demo: 5:15m) locks the decoy at the same wrong code as a customer's SMS,
     * with the same lock page, also on a reload. Five tries per code here, so no resend wait is needed.
     */
    @Test
    void theDecoyLocksAtTheSameWrongCodeWithTheSameLockPage() throws InterruptedException {
        SmsStep.configure(realm, Map.of("triesPerCode", "5"));
        Customer known = customer("unlock-known-locked", "+46701220011");
        Page real = identify(unlockLink(new Browser(urls.getBase())), known.username());
        Page decoy = identify(unlockLink(new Browser(urls.getBase())), "no-such-customer-1312");
        String wrong = wrongCode(lastCode(known));
        for (int guess = 1; guess <= 4; guess++) {
            real = SmsStep.answer(real, wrong);
            decoy = SmsStep.answer(decoy, wrong);
            assertEquals(ENGLISH.text("smsCodeInvalid", 5 - guess), decoy.textOf(SmsStep.ERROR_ID), "wrong code " + guess);
            assertEquals(visible(real), visible(decoy), "wrong code " + guess + " reads the same");
            assertEquals(targets(real), targets(decoy), "wrong code " + guess + " posts to the same step");
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
        Page realLocked = SmsStep.answer(real, wrong);
        Page decoyLocked = SmsStep.answer(decoy, wrong);
        assertEquals("TEMPORARY", lockState(known, "sms"), "the fifth wrong code locks the customer's SMS");
        assertEquals("NSCA-3901", LockPage.code(realLocked), "lockout's page: " + realLocked.body());
        assertEquals(LockPage.code(realLocked), LockPage.code(decoyLocked), "the decoy shows the lock page at the same count: " + decoyLocked.body());
        assertEquals(visible(realLocked), visible(decoyLocked));
        assertEquals(targets(realLocked), targets(decoyLocked));
        Page realReloaded = realLocked.reload();
        Page decoyReloaded = decoyLocked.reload();
        assertTrue(realReloaded.body().contains(ENGLISH.text("credentialSetupRequired")),
                "a reload: Keycloak no longer runs the locked SMS step: " + realReloaded.body());
        assertEquals(visible(realReloaded), visible(decoyReloaded), "and the decoy's reload reads the same: " + decoyReloaded.body());
        assertEquals(targets(realReloaded), targets(decoyReloaded));
    }

    /** An answer later than the SMS step's "answer within" (2 s here) ends the decoy with the same timeout page as a customer's unlock. */
    @Test
    void aLateAnswerEndsTheDecoyWithTheSmsStepsTimeoutPage() throws InterruptedException {
        SmsStep.configure(realm, Map.of("answerWithinSeconds", "2"));
        Customer known = customer("unlock-known-late", "+46701220012");
        Page real = identify(unlockLink(new Browser(urls.getBase())), known.username());
        Page decoy = identify(unlockLink(new Browser(urls.getBase())), "no-such-customer-2024");
        Thread.sleep(3500); // past 2 s on Keycloak's clock, which counts whole seconds
        Page realLate = SmsStep.answer(real, lastCode(known));
        Page decoyLate = SmsStep.answer(decoy, "123456");
        assertEquals(ENGLISH.text("nordicScaTimeoutTitle"), realLate.textOf("kc-page-title"), realLate.body());
        assertEquals(visible(realLate), visible(decoyLate), "the decoy's timeout page reads the same: " + decoyLate.body());
        assertEquals(targets(realLate), targets(decoyLate), "with the same restart link");
    }

    @Test
    void aDisabledCustomerOrOneWithoutACardOrPhoneGetsTheSamePageAndNoSms() {
        Customer disabled = customer("unlock-disabled", "+46701220004");
        UserRepresentation user = realm.admin().users().get(disabled.id()).toRepresentation();
        user.setEnabled(false);
        realm.admin().users().get(disabled.id()).update(user);
        Customer withoutCard = new Customer("unlock-no-card", Customers.addWithPhone(realm, "unlock-no-card", OLD_PASSWORD, "+46701220005"),
                "+46701220005", null);
        String withoutPhone = "unlock-no-phone";
        String withoutPhoneId = Customers.add(realm, withoutPhone, OLD_PASSWORD);
        new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(withoutPhoneId, 100);
        Page unknown = identify(unlockLink(new Browser(urls.getBase())), "no-such-customer-0815");

        for (String username : List.of(disabled.username(), withoutCard.username(), withoutPhone)) {
            Page page = identify(unlockLink(new Browser(urls.getBase())), username);
            assertTrue(SmsStep.isCodePage(page), username + ": " + page.body());
            assertEquals(visible(unknown), visible(page), username + " reads like an unknown username");
            Page wrong = SmsStep.answer(page, "111111");
            assertEquals(ENGLISH.text("smsCodeInvalid", 2), wrong.textOf(SmsStep.ERROR_ID), username);
        }
        assertEquals(0, TWILIO.sentTo(disabled.number()).size(), "no SMS to a disabled customer");
        assertEquals(0, TWILIO.sentTo(withoutCard.number()).size(), "no SMS to a customer who cannot prove a card");
        assertNotNull(unlockLink(new Browser(urls.getBase())).textOf("nordic-sca-unlock-help"), "the first page says whom to call");
    }

    @Test
    void aLockedCardStopsTheUnlockBeforeAnySmsIsSent() throws InterruptedException {
        Customer customer = customer("unlock-card-locked", "+46701220006");
        Page cardPage = signIn(customer.username(), OLD_PASSWORD);
        for (int guess = 1; guess <= 5; guess++) {
            cardPage = CodeCardStep.answer(cardPage, wrongCode(customer.card().code(CodeCardStep.askedPosition(cardPage))));
            if (guess < 5) {
                Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
            }
        }
        assertEquals("TEMPORARY", lockState(customer, "code-card"), "5 wrong numbers lock the card");
        Page page = identify(unlockLink(new Browser(urls.getBase())), customer.username());
        assertTrue(SmsStep.isCodePage(page), page.body());
        assertEquals(0, TWILIO.sentTo(customer.number()).size(), "no SMS: the card could not be proven");
    }

    @Test
    void aCardLockedDuringTheUnlockEndsItWithContactTheBankAndNoNewPassword() throws InterruptedException {
        Customer customer = customer("unlock-card-locked-midway", "+46701220010");
        Page cardPage = SmsStep.answer(identify(unlockLink(new Browser(urls.getBase())), customer.username()), lastCode(customer));
        for (int guess = 1; guess <= 5; guess++) {
            cardPage = CodeCardStep.answer(cardPage, wrongCode(customer.card().code(CodeCardStep.askedPosition(cardPage))));
            if (guess < 5) {
                Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
            }
        }
        assertEquals("TEMPORARY", lockState(customer, "code-card"), "5 wrong numbers in the unlock lock the card like in sign-in");
        assertEquals("NSCA-2901", LockPage.code(cardPage), "lockout's page: " + cardPage.body());
        Page reloaded = cardPage.reload();
        assertNull(reloaded.redirectedAwayTo());
        assertTrue(reloaded.body().contains(ENGLISH.text("credentialSetupRequired")),
                "a reload says to contact the bank, in the realm's words, not a bare Keycloak error: " + reloaded.body());
        assertEquals("OPEN", lockState(customer, "password"));
        assertNull(signIn(customer.username(), NEW_PASSWORD).redirectedAwayTo(), "no new password was saved");
    }

    @Test
    void aPasswordLockedForTheBankIsRefusedWithContactTheBankAfterTheFactors() {
        Customer customer = customer("unlock-bank", "+46701220007");
        setLock(customer, "password", "BANK;0;" + Instant.now().getEpochSecond() + ";desk;stolen card reported", "run1:0");
        Page cardPage = SmsStep.answer(identify(unlockLink(new Browser(urls.getBase())), customer.username()), lastCode(customer));
        Page refused = CodeCardStep.answerRightly(cardPage, customer.card());
        assertNull(refused.redirectedAwayTo());
        assertEquals("NSCA-1903", refusalCode(refused), "the bank's lock: contact the bank, with its code: " + refused.body());
        assertEquals(ENGLISH.text("errorBankUnlockSolution"), refused.textOf("nordic-sca-unlock-refused-solution"), "and what to do");
        assertTrue(lockAttribute(customer, "password").startsWith("BANK;"), "the bank's lock stays");
        assertTrue(lockAttribute(customer, "password").startsWith("BANK;"));
        assertNull(signIn(customer.username(), NEW_PASSWORD).redirectedAwayTo(), "no new password was saved");
    }

    @Test
    void wrongSmsCodesAndCardNumbersInTheUnlockCountLikeSignIn() throws InterruptedException {
        Customer customer = customer("unlock-wrong-answers", "+46701220008");
        Page sms = identify(unlockLink(new Browser(urls.getBase())), customer.username());
        Page wrongSms = SmsStep.answer(sms, wrongCode(lastCode(customer)));
        assertEquals(ENGLISH.text("smsCodeInvalid", 2), wrongSms.textOf(SmsStep.ERROR_ID));
        AttackDetection.awaitFailures(realm, customer.id(), 1);
        assertEquals("1", failuresOf(customer, "sms"), "the SMS factor counts the wrong code");
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());

        Page card = SmsStep.answer(wrongSms, lastCode(customer));
        Page wrongCard = CodeCardStep.answer(card, wrongCode(customer.card().code(CodeCardStep.askedPosition(card))));
        assertNotNull(wrongCard.textOf(CodeCardStep.ERROR_ID), wrongCard.body());
        Map<String, Object> keycloak = AttackDetection.awaitFailures(realm, customer.id(), 2);
        assertEquals(2, AttackDetection.failures(keycloak), "Keycloak's account-wide count grows with each: " + keycloak);
        assertEquals("1", failuresOf(customer, "code-card"), "the card factor counts the wrong number");
    }

    @Test
    void twoWindowsRacingTheNewPasswordSaveExactlyOne() throws Exception {
        Customer customer = customer("unlock-race", "+46701220009");
        Page first = throughFactors(new Browser(urls.getBase()), customer);
        Page second = throughFactors(new Browser(urls.getBase()), customer);

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Page>> racing = new ArrayList<>();
        for (String[] attempt : List.of(new String[] {"first", NEW_PASSWORD}, new String[] {"second", "Other-password-9999"})) {
            Page page = attempt[0].equals("first") ? first : second;
            racing.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return newPassword(page, attempt[1], attempt[1]);
            }));
        }
        go.countDown();
        List<Page> results = racing.stream().map(CompletableFuture::join).toList();
        long signedIn = results.stream().filter(p -> p.redirectedAwayTo() != null).count();
        assertEquals(1, signedIn, "exactly one window sets the password and signs in");
        Page loser = results.stream().filter(p -> p.redirectedAwayTo() == null).findFirst().orElseThrow();
        assertEquals("NSCA-1804", refusalCode(loser), "the other window saved first: " + loser.body());
        assertEquals(ENGLISH.text("nordicScaUnlockRefused.changed"), loser.textOf("nordic-sca-unlock-refused-problem"));
        String winner = results.get(0).redirectedAwayTo() != null ? NEW_PASSWORD : "Other-password-9999";
        String other = winner.equals(NEW_PASSWORD) ? "Other-password-9999" : NEW_PASSWORD;
        assertNotEquals(null, CodeCardStep.answerRightly(signIn(customer.username(), winner), customer.card()).redirectedAwayTo(),
                "the winner's password is the one saved");
        assertNull(signIn(customer.username(), other).redirectedAwayTo(), "the other was never saved");
    }

    /**
     * A bank that does not declare its printed card a possession element (EBA-Op-2019-06; setting
     * possessionElement off): the card signs no one in (the SMS code is asked instead), yet the unlock
     * still asks it beside the SMS code.
     */
    @Test
    void aCardNotDeclaredAPossessionElementSignsNoOneInButStillUnlocks() {
        Customer customer = customer("unlock-card-not-possession", "+46701220099");
        DemoRealm.configureStep(realm.admin(), "nordic-sca-code-card", Map.of("possessionElement", "false"));
        try {
            Page signIn = signIn(customer.username(), OLD_PASSWORD);
            assertNull(signIn.document().getElementById(CodeCardStep.FORM), "the card is not offered for signing in: " + signIn.body());
            assertTrue(SmsStep.isCodePage(signIn), "the SMS code is asked instead: " + signIn.body());

            Page signedIn = unlockToTheEnd(new Browser(urls.getBase()), customer, NEW_PASSWORD);
            assertNotNull(signedIn.redirectedAwayTo(), "the unlock asked the card and ended signed in: " + signedIn.body());
        } finally {
            DemoRealm.configureStep(realm.admin(), "nordic-sca-code-card", Map.of());
        }
    }

    /**
     * "Password locked?" followed from a payment sign-in: Keycloak runs the reset-credentials flow in the
     * same authentication session, which still carries the relying party's payment. The unlock is a plain
     * unlock: its SMS names no payment, the code card is asked as in any unlock, and it approves no payment.
     */
    @Test
    void anUnlockStartedFromAPaymentSignInIsAPlainUnlockAndApprovesNoPayment() throws InterruptedException {
        Customer customer = customer("unlock-from-payment", "+46701220010");
        lockPasswordWithWrongPasswords(customer, 5);
        assertEquals("TEMPORARY", lockState(customer, "password"));

        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        String payment = "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1250.00\"},"
                + "\"creditorName\":\"Nordic Power Oy\",\"creditorAccount\":{\"iban\":\"FI2112345600000785\"}}";
        Browser browser = new Browser(urls.getBase());
        Page smsPage = identify(unlockLink(browser,
                app.authorizationUrl(Map.of("acr_values", "urn:nordic-sca:loa:sca-linked", "authorization_details", "[" + payment + "]"))),
                customer.username());
        assertTrue(SmsStep.isCodePage(smsPage), smsPage.body());
        assertNull(smsPage.document().getElementById("sms-payment-amount"), "the unlock's code page shows no payment: " + smsPage.body());
        TwilioStandIn.Sms sms = TWILIO.sentTo(customer.number()).get(TWILIO.sentTo(customer.number()).size() - 1);
        assertTrue(sms.body().startsWith(ENGLISH.text("smsText", "Nordic Bank", sms.code(), 5)),
                "the plain unlock SMS: " + sms.body());
        assertFalse(sms.body().contains("Nordic Power Oy") || sms.body().contains("1,250.00"), "no payment named: " + sms.body());

        Page cardPage = SmsStep.answer(smsPage, sms.code());
        Page passwordPage = CodeCardStep.answerRightly(cardPage, customer.card());
        assertNotNull(passwordPage.document().getElementById("kc-passwd-update-form"),
                "the card is asked as in any unlock, then the new password: " + passwordPage.body());
        Page signedIn = newPassword(passwordPage, NEW_PASSWORD, NEW_PASSWORD);
        assertNotNull(signedIn.redirectedAwayTo(), "the unlock completes: " + signedIn.body());
        assertNull(lockAttribute(customer, "password"), "the password's lock is gone");

        OidcClient.Tokens tokens = app.exchange(signedIn.redirectedAwayTo());
        assertEquals("invalid_authorization_details", tokens.response().getError(),
                "the unlock's SMS code approved no payment, so the relying party gets no token for it: " + tokens.status());
    }

    // ---- the customer's way through the pages

    private Page signIn(String username, String password) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, password);
    }

    private void lockPasswordWithWrongPasswords(Customer customer, int wrong) throws InterruptedException {
        for (int guess = 1; guess <= wrong; guess++) {
            signIn(customer.username(), "wrong-password-" + guess);
            AttackDetection.awaitFailures(realm, customer.id(), guess);
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
    }

    /** The login page's "Password locked?" link, followed. */
    private Page unlockLink(Browser browser) {
        return unlockLink(browser, OidcClient.demo(realm.getBaseUrl()).authorizationUrl());
    }

    /** The same link on the login page a relying party's authorization request opens. */
    private Page unlockLink(Browser browser, String authorizationUrl) {
        Page login = browser.open(authorizationUrl);
        Element link = login.document().select("a[href*=reset-credentials]").first();
        assertNotNull(link, "the login page links to the unlock: " + login.body());
        assertEquals(ENGLISH.text("doForgotPassword"), link.text());
        assertEquals("Password locked?", link.text());
        return browser.open(link.absUrl("href"));
    }

    private static Page identify(Page page, String username) {
        return page.form("nordic-sca-unlock-form").set("username", username).submit();
    }

    private Page throughFactors(Browser browser, Customer customer) {
        Page sms = identify(unlockLink(browser), customer.username());
        Page card = SmsStep.answer(sms, lastCode(customer));
        Page password = CodeCardStep.answerRightly(card, customer.card());
        assertNotNull(password.document().getElementById("kc-passwd-update-form"), password.body());
        return password;
    }

    private Page unlockToTheEnd(Browser browser, Customer customer, String newPassword) {
        return newPassword(throughFactors(browser, customer), newPassword, newPassword);
    }

    private static Page newPassword(Page page, String password, String confirm) {
        return page.form("kc-passwd-update-form").set("password-new", password).set("password-confirm", confirm).submit();
    }

    private static String lastCode(Customer customer) {
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(customer.number());
        assertFalse(sent.isEmpty(), "an SMS to " + customer.number());
        return sent.get(sent.size() - 1).code();
    }

    private static String wrongCode(String right) {
        StringBuilder wrong = new StringBuilder();
        for (char c : right.toCharArray()) {
            wrong.append((char) ('0' + (c - '0' + 1) % 10));
        }
        return wrong.toString();
    }

    /** The page's text as a reader sees it, with the masked number's last two digits and countdowns left out. */
    private static String visible(Page page) {
        return page.document().body().text().replaceAll("•(\\d\\d)", "•NN").replaceAll("\\d+ seconds?", "N seconds");
    }

    /** Each form's id and the names of its fields. */
    private static List<String> fields(Page page) {
        List<String> fields = new ArrayList<>();
        for (Element form : page.document().select("form")) {
            fields.add(form.id() + ":" + form.select("input[name],button[name]").stream().map(e -> e.attr("name")).toList());
        }
        return fields;
    }

    /**
     * Where each form posts and each link leads (anchors, Keycloak's "Restart sign-in" button, the
     * language menu's entries), without the parameters that differ between any two sign-ins
     * (session_code, tab_id, client_data): what is left names the realm, the client and the flow
     * step that answers.
     */
    private static List<String> targets(Page page) {
        List<String> targets = new ArrayList<>();
        for (Element form : page.document().select("form")) {
            targets.add("form " + form.id() + " -> " + withoutPerSignIn(form.absUrl("action")));
        }
        for (Element link : page.document().select("a[href]")) {
            targets.add("link " + link.id() + " -> " + withoutPerSignIn(link.absUrl("href")));
        }
        for (Element button : page.document().select("[onclick*=location.href]")) {
            Matcher url = Pattern.compile("location\\.href='([^']*)'").matcher(button.attr("onclick"));
            assertTrue(url.find(), button.outerHtml());
            targets.add("button " + button.id() + " -> " + withoutPerSignIn(page.uri().resolve(url.group(1)).toString()));
        }
        for (Element language : page.document().select("option[value*=/]")) {
            targets.add("language " + language.text() + " -> " + withoutPerSignIn(language.absUrl("value")));
        }
        return targets;
    }

    private static String withoutPerSignIn(String url) {
        URI uri = URI.create(url);
        String query = uri.getRawQuery() == null ? "" : Arrays.stream(uri.getRawQuery().split("&"))
                .filter(parameter -> !parameter.matches("(session_code|tab_id|client_data)=.*"))
                .collect(Collectors.joining("&"));
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query;
    }

    /** The flow step (Keycloak's execution id) a form posts to. */
    private static String execution(Page page, String formId) {
        Element form = page.document().getElementById(formId);
        assertNotNull(form, "no form #" + formId + ": " + page.body());
        String query = URI.create(form.absUrl("action")).getRawQuery();
        String execution = query == null ? null : Arrays.stream(query.split("&"))
                .filter(parameter -> parameter.startsWith("execution="))
                .map(parameter -> parameter.substring("execution=".length())).findFirst().orElse(null);
        assertNotNull(execution, "the form names its step: " + form.absUrl("action"));
        return execution;
    }

    // ---- the factors' locks, as stored (user attributes nordic-sca.lock.<factor>)

    private String lockAttribute(Customer customer, String factor) {
        Map<String, List<String>> attributes = realm.admin().users().get(customer.id()).toRepresentation().getAttributes();
        List<String> values = attributes == null ? null : attributes.get(LOCK + factor);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private String lockState(Customer customer, String factor) {
        String lock = lockAttribute(customer, factor);
        return lock == null ? "OPEN" : lock.substring(0, lock.indexOf(';'));
    }

    private String failuresOf(Customer customer, String factor) {
        Map<String, List<String>> attributes = realm.admin().users().get(customer.id()).toRepresentation().getAttributes();
        List<String> values = attributes == null ? null : attributes.get(LOCK + factor + ".failures");
        if (values == null || values.isEmpty()) {
            return "0";
        }
        String stored = values.get(0);
        return stored.substring(stored.lastIndexOf(':') + 1);
    }

    /** Sets a lock as the bank's desk or the schedule leaves it, where causing it would take hours. */
    private void setLock(Customer customer, String factor, String lock, String failures) {
        UserRepresentation user = realm.admin().users().get(customer.id()).toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes() == null ? Map.of() : user.getAttributes());
        attributes.put(LOCK + factor, List.of(lock));
        attributes.put(LOCK + factor + ".failures", List.of(failures));
        user.setAttributes(attributes);
        realm.admin().users().get(customer.id()).update(user);
        assertEquals(lock, lockAttribute(customer, factor));
    }

    /** The error code of the unlock flow's "contact the bank" page, or null. */
    private static String refusalCode(Page page) {
        var notice = page.document().getElementById("nordic-sca-unlock-refused-notice");
        return notice == null ? null : notice.attr("data-error-code");
    }
}
