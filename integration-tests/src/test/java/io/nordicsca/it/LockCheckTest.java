package io.nordicsca.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
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
 * The demo realm's lock check step: a customer whose second factors are all locked meets the lock
 * page right after the password, with no SMS sent; one open factor is enough to go on. The locks
 * are caused as a customer causes them: five wrong answers lock a factor for 15 minutes (the demo
 * schedules). Keycloak's account-wide lock, which the same five answers set, is lifted by the desk
 * between the sign-ins, as a bank would after a call, so that the factor locks alone decide.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LockCheckTest {

    private static final String PASSWORD = "Customer-password-1";
    /** Longer than the realm's quick-login check (1 s), so only the count of wrong answers locks. */
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    private static final int WRONG_ANSWERS_THAT_LOCK = 5;
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void fiveTriesPerSmsCode() {
        SmsStep.configure(realm, Map.of("triesPerCode", String.valueOf(WRONG_ANSWERS_THAT_LOCK)));
    }

    @Test
    void aCustomerWhoseCardAndSmsAreBothLockedSeesTheLockPageRightAfterThePasswordAndGetsNoSms() throws InterruptedException {
        String number = "+46701400001";
        String userId = Customers.addWithPhone(realm, "lock-check-all", PASSWORD, number);
        new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        lockTheCodeCard("lock-check-all", userId);
        lockSms("lock-check-all", userId, number);

        int smsBefore = TWILIO.sentTo(number).size();
        Page page = passwordStep("lock-check-all");
        assertNull(page.redirectedAwayTo(), "a customer with every factor locked is not signed in");
        assertFalse(SmsStep.isCodePage(page), "no code page: " + page.body());
        assertNull(page.textOf("code-card-prompt"), "no code card question: " + page.body());
        // The card, locked first, opens first: in 15 minutes, or 14 on a slow machine.
        assertEquals("NSCA-1911", LockPage.code(page), "the lock page says every way is locked: " + page.body());
        assertTrue(List.of(ENGLISH.text("nordicScaTryAgainIn", 15), ENGLISH.text("nordicScaTryAgainIn", 14))
                .contains(page.textOf(LockPage.MINUTES_ID)), "and when to try again: " + page.body());
        assertEquals(smsBefore, TWILIO.sentTo(number).size(), "no SMS is sent to a customer whose SMS factor is locked");

        var restart = page.document().selectFirst("#nordic-sca-restart a");
        assertNotNull(restart, "the lock page offers to start again: " + page.body());
        assertTrue(restart.attr("href").contains("/login-actions/restart"), restart.attr("href"));
    }

    @Test
    void aCustomerWithOneFactorStillOpenIsNotStoppedAndGetsTheCodeOfTheOpenOne() throws InterruptedException {
        String number = "+46701400002";
        String userId = Customers.addWithPhone(realm, "lock-check-one-open", PASSWORD, number);
        new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        lockTheCodeCard("lock-check-one-open", userId);

        Page page = passwordStep("lock-check-one-open");
        assertTrue(SmsStep.isCodePage(page), "the open factor (SMS) asks for its code: " + page.body());
        assertEquals(1, TWILIO.sentTo(number).size(), "one SMS for the open factor");
        Page signedIn = SmsStep.answer(page, TWILIO.sentTo(number).get(0).code());
        assertNotNull(signedIn.redirectedAwayTo(), "the open factor signs in: " + signedIn.body());
    }

    /** Five wrong security numbers in one sign-in (the card is asked first), then the desk lifts Keycloak's account lock. */
    private void lockTheCodeCard(String username, String userId) throws InterruptedException {
        Page page = passwordStep(username);
        CodeCardStep.askedPosition(page);
        for (int guess = 1; guess <= WRONG_ANSWERS_THAT_LOCK; guess++) {
            page = CodeCardStep.answer(page, "000000");
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
        assertEquals("NSCA-2901", LockPage.code(page), "five wrong numbers lock the card: " + page.body());
        AttackDetection.awaitFailures(realm, userId, WRONG_ANSWERS_THAT_LOCK);
        AttackDetection.unlock(realm, userId);
    }

    /** With the card locked the SMS step is asked: five wrong codes, then the desk lifts Keycloak's account lock. */
    private void lockSms(String username, String userId, String number) throws InterruptedException {
        Page page = passwordStep(username);
        assertTrue(SmsStep.isCodePage(page), "with the card locked, the SMS step asks: " + page.body());
        String right = TWILIO.sentTo(number).get(TWILIO.sentTo(number).size() - 1).code();
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int guess = 1; guess <= WRONG_ANSWERS_THAT_LOCK; guess++) {
            page = SmsStep.answer(page, wrong);
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }
        assertEquals("NSCA-3901", LockPage.code(page), "five wrong codes lock SMS: " + page.body());
        AttackDetection.awaitFailures(realm, userId, WRONG_ANSWERS_THAT_LOCK);
        AttackDetection.unlock(realm, userId);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
