package io.nordicsca.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.AnotherWay;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
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

/**
 * A factor's lock schedule as the bank sets it in Realm settings → Nordic SCA: a lock that lifts by
 * itself, the warning before the answer that would lock the factor for good (PSD2 RTS art. 4(4)),
 * the bank's lock it sets, a locked factor left out of the sign-in and of "Try another way", the
 * events of wrong answers (password included), and the realm switch that names no factor (art. 4(3)(a)).
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LockoutEscalationTest {

    private static final String PASSWORD = "Customer-password-1";
    /** Longer than the realm's quick-login check (1 s), so only the schedule decides. */
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    private String settingsId;

    @AfterEach
    void bankSettingsAsTheyWere() {
        if (settingsId != null) {
            realm.admin().components().component(settingsId).remove();
            settingsId = null;
        }
    }

    @Test
    void theAnswerBeforeThePermanentLockWarnsAndTheNextLocksTheCardUntilTheBankOpensIt() throws InterruptedException {
        bankSets(Map.of("lockoutCodeCard", "2:bank"));
        String userId = Customers.addWithPhone(realm, "escalation-card", PASSWORD, "+46701500001");
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        Page page = passwordStep("escalation-card");
        String wrong = CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(page)));
        Page first = CodeCardStep.answer(page, wrong);
        assertEquals(ENGLISH.text("codeCardInvalid"), first.textOf(CodeCardStep.ERROR_ID), "the answer was wrong, and the page says so");
        assertEquals("NSCA-2904", LockPage.warning(first), "and warns that the next wrong one blocks the card: " + first.body());
        assertEquals(ENGLISH.text("errorCardLastAttemptProblem"), first.textOf("nordic-sca-warning-problem"));

        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        Page second = CodeCardStep.answer(first, wrong);
        assertEquals("NSCA-2903", LockPage.code(second), "the second wrong answer locks the card for the bank: " + second.body());
        Map<String, Object> locked = LockoutDesk.factor(desk().view(userId), "code-card");
        assertEquals("BANK", locked.get("state"));
        assertEquals("schedule", locked.get("by"));

        List<EventRepresentation> lockEvents = realm.admin().getEvents(List.of("USER_DISABLED_BY_PERMANENT_LOCKOUT"), null, userId,
                null, null, null, 0, 10);
        assertEquals(1, lockEvents.size(), "the lock is Keycloak's own permanent-lockout event type");
        assertEquals("code-card", lockEvents.get(0).getDetails().get("nordic_sca_factor"));

        // A new sign-in: the locked card is left out, the open SMS step is offered.
        Page next = passwordStep("escalation-card");
        assertNull(next.textOf("code-card-prompt"), "a locked card asks nothing");
        assertTrue(SmsStep.isCodePage(next), "the customer signs in another way: " + next.body());

        desk().unlock(userId, "code-card", "Customer identified at the branch");
        Page afterUnlock = passwordStep("escalation-card");
        Page signedIn = CodeCardStep.answerRightly(cardStep(afterUnlock), card);
        assertNotNull(signedIn.redirectedAwayTo(), "after the bank opens it, the card signs in");
    }

    @Test
    void withTheFactorHiddenTheWarningAndTheLockNameNoFactor() throws InterruptedException {
        bankSets(Map.of("lockoutCodeCard", "2:bank", "lockoutHideFactor", "true"));
        String userId = Customers.add(realm, "escalation-hidden", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        Page page = passwordStep("escalation-hidden");
        String wrong = CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(page)));
        Page first = CodeCardStep.answer(page, wrong);
        assertEquals("NSCA-1914", LockPage.warning(first), first.body());
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        Page second = CodeCardStep.answer(first, wrong);
        assertEquals("NSCA-1913", LockPage.code(second), second.body());
        assertFalse(second.document().text().contains(ENGLISH.text("code-card-display-name").toLowerCase()),
                "the lock page names no factor: " + second.document().text());
    }

    /**
     * Every step of a schedule in one run, on the real server: the 2nd wrong answer locks the card
     * for 3 seconds, the lock lifts by itself, the 3rd wrong answer warns, the 4th locks the card
     * until the bank opens it. The desk and Keycloak's attack-detection record are read at each step.
     */
    @Test
    void theCardsLockEscalatesFromATemporaryLockThroughTheWarningToTheBanksLock() throws InterruptedException {
        bankSets(Map.of("lockoutCodeCard", "2:3s,4:bank"));
        String userId = Customers.add(realm, "escalation-steps", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        Page asked = cardStep(passwordStep("escalation-steps"));
        Page first = CodeCardStep.answer(asked, wrongFor(asked, card));
        assertEquals(ENGLISH.text("codeCardInvalid"), first.textOf(CodeCardStep.ERROR_ID), first.body());
        assertNull(LockPage.warning(first), "no warning: the next lock lifts by itself");
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());

        Page second = CodeCardStep.answer(first, wrongFor(first, card));
        assertEquals("NSCA-2901", LockPage.code(second), "the 2nd wrong answer locks the card for a while: " + second.body());
        assertEquals(ENGLISH.text("nordicScaTryAgainIn", 1), second.textOf(LockPage.MINUTES_ID), "3 seconds read as 1 minute, rounded up");
        Map<String, Object> temporary = LockoutDesk.factor(desk().view(userId), "code-card");
        long now = Instant.now().getEpochSecond();
        assertEquals("TEMPORARY", temporary.get("state"), temporary.toString());
        long until = ((Number) temporary.get("until")).longValue();
        assertTrue(until >= now - 1 && until <= now + 3, "locked for 3 seconds from the 2nd answer: until " + until + ", now " + now);
        assertEquals(2, ((Number) temporary.get("failures")).intValue());
        assertEquals("schedule", temporary.get("by"));
        assertKeycloakCounts(userId, 2);

        Thread.sleep(Math.max(0, until * 1000 - System.currentTimeMillis()) + 500);
        Map<String, Object> lifted = LockoutDesk.factor(desk().view(userId), "code-card");
        assertEquals("OPEN", lifted.get("state"), "the lock lifted by itself: " + lifted);
        assertNull(lifted.get("until"));
        assertEquals(2, ((Number) lifted.get("failures")).intValue(), "and the run goes on from its count");

        Page askedAgain = cardStep(passwordStep("escalation-steps"));
        Page third = CodeCardStep.answer(askedAgain, wrongFor(askedAgain, card));
        assertEquals(ENGLISH.text("codeCardInvalid"), third.textOf(CodeCardStep.ERROR_ID), third.body());
        assertEquals("NSCA-2904", LockPage.warning(third), "the 3rd wrong answer warns that the next blocks the card: " + third.body());
        EventRepresentation warned = wrongAnswerEvent(userId, "3");
        assertEquals("code-card", warned.getDetails().get("nordic_sca_factor"));
        assertEquals("true", warned.getDetails().get("nordic_sca_last_attempt"), "the warning is in the event too: " + warned.getDetails());
        assertNull(wrongAnswerEvent(userId, "1").getDetails().get("nordic_sca_last_attempt"), "and only in the warning's");
        assertKeycloakCounts(userId, 3);
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());

        Page fourth = CodeCardStep.answer(third, wrongFor(third, card));
        assertEquals("NSCA-2903", LockPage.code(fourth), "the 4th wrong answer locks the card for the bank: " + fourth.body());
        assertNull(fourth.textOf(LockPage.MINUTES_ID), "a bank's lock names no time");
        Map<String, Object> bank = LockoutDesk.factor(desk().view(userId), "code-card");
        assertEquals("BANK", bank.get("state"), bank.toString());
        assertNull(bank.get("until"));
        assertEquals(4, ((Number) bank.get("failures")).intValue());
        assertKeycloakCounts(userId, 4);

        List<String> locks = realm.admin().getEvents(List.of("USER_DISABLED_BY_TEMPORARY_LOCKOUT", "USER_DISABLED_BY_PERMANENT_LOCKOUT"),
                null, userId, null, null, null, 0, 10).stream()
                .sorted(Comparator.comparing(EventRepresentation::getTime))
                .map(event -> event.getType() + ":" + event.getDetails().get("nordic_sca_lock") + ":" + event.getDetails().get("nordic_sca_failures"))
                .toList();
        assertEquals(List.of("USER_DISABLED_BY_TEMPORARY_LOCKOUT:TEMPORARY:2", "USER_DISABLED_BY_PERMANENT_LOCKOUT:BANK:4"), locks);
    }

    /**
     * "Try another way" with the card locked. Keycloak 26.7 builds that list from the credential
     * types the customer has stored (AuthenticationSelectionResolver) and never asks a step's
     * configuredFor, so the locked card is still listed. What must hold: the other steps stay
     * offered, and choosing the card asks no security number and signs no one in.
     */
    @Test
    void withTheCardLockedTryAnotherWayOffersTheOtherStepsAndLeavesTheCardOut() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "escalation-another-way", PASSWORD);
        UserRepresentation user = realm.admin().users().get(customer.userId()).toRepresentation();
        user.singleAttribute("phoneNumber", "+46701500003");
        realm.admin().users().get(customer.userId()).update(user);
        String cardName = ENGLISH.text("code-card-display-name");
        String smsName = ENGLISH.text("nordic-sca-sms-otp-display-name");
        String appName = ENGLISH.text("app-device-display-name");

        desk().lock(customer.userId(), "code-card", "Card reported stolen");
        Page appPage = passwordStep("escalation-another-way");
        Page list = appPage.form("kc-select-try-another-way-form").submit();
        List<String> offered = list.document().select("li:has(input[name=authenticationExecution])").stream().map(item -> item.text()).toList();
        assertTrue(offered.stream().anyMatch(choice -> choice.contains(smsName)), "the SMS code is offered: " + offered);
        assertTrue(offered.stream().anyMatch(choice -> choice.contains(appName)), "and the app: " + offered);

        assertTrue(offered.stream().noneMatch(choice -> choice.contains(cardName)), "the locked card is left out: " + offered);

        desk().unlock(customer.userId(), "code-card", "Card found again");
        Page again = passwordStep("escalation-another-way").form("kc-select-try-another-way-form").submit();
        List<String> offeredAgain = again.document().select("li:has(input[name=authenticationExecution])").stream().map(item -> item.text()).toList();
        assertTrue(offeredAgain.stream().anyMatch(choice -> choice.contains(cardName)), "opened, the card is offered again: " + offeredAgain);
    }

    /**
     * A wrong password's one event is Keycloak's own LOGIN_ERROR of its password form, and it carries
     * what every factor's wrong answer carries: the factor, the count, and the last attempt before a
     * lock for good. The page says no more than Keycloak's, as for a username nobody has.
     */
    @Test
    void aWrongPasswordsEventCarriesTheFactorTheCountAndTheLastAttemptLikeEveryFactor() throws InterruptedException {
        bankSets(Map.of("lockoutPassword", "2:self-service"));
        String userId = Customers.add(realm, "escalation-password", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        assertNotNull(CodeCardStep.answerRightly(cardStep(passwordStep("escalation-password")), card).redirectedAwayTo());
        List<EventRepresentation> logins = realm.admin().getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 10);
        assertEquals(1, logins.size());
        assertNull(logins.get(0).getDetails().get("nordic_sca_failures"), "a right password leaves no wrong answer's details: " + logins.get(0).getDetails());
        assertNull(logins.get(0).getDetails().get("nordic_sca_factor"), logins.get(0).getDetails().toString());

        Page first = signIn("escalation-password", "wrong-password-1");
        assertEquals("Invalid username or password. (Error code NSCA-1001)", first.textOf(PasswordStep.ERROR_ID));
        Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        Page second = signIn("escalation-password", "wrong-password-2");
        assertEquals("Invalid username or password. (Error code NSCA-1001)", second.textOf(PasswordStep.ERROR_ID), "the lock is not told on the page");
        Page nobody = signIn("escalation-nobody-4711", "wrong-password-1");
        assertEquals(first.document().body().text(), nobody.document().body().text(), "a username nobody has reads the same");

        List<EventRepresentation> wrong = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 10);
        assertEquals(2, wrong.size(), "one event per wrong password, not two: " + wrong.stream().map(EventRepresentation::getDetails).toList());
        EventRepresentation warned = wrongAnswerEvent(userId, "1");
        assertEquals("invalid_user_credentials", warned.getError());
        assertEquals("password", warned.getDetails().get("nordic_sca_factor"));
        assertEquals("true", warned.getDetails().get("nordic_sca_last_attempt"), "the 1st of 2 is the last before the lock: " + warned.getDetails());
        EventRepresentation locking = wrongAnswerEvent(userId, "2");
        assertEquals("password", locking.getDetails().get("nordic_sca_factor"));
        assertNull(locking.getDetails().get("nordic_sca_last_attempt"), locking.getDetails().toString());
        assertEquals("SELF_SERVICE", LockoutDesk.factor(desk().view(userId), "password").get("state"));
        assertEquals(2, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 2)), "Keycloak counted each once");
    }

    /** Keycloak's record counts every wrong answer, and stays below its own lock (the realm's 5). */
    private void assertKeycloakCounts(String userId, int failures) {
        Map<String, Object> status = AttackDetection.awaitFailures(realm, userId, failures);
        assertEquals(failures, AttackDetection.failures(status), status.toString());
        assertFalse(AttackDetection.locked(status), "only the card is locked, not the customer: " + status);
    }

    /** The wrong-answer event (LOGIN_ERROR) with this count of the customer's run. */
    private EventRepresentation wrongAnswerEvent(String userId, String failures) {
        return realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50).stream()
                .filter(event -> failures.equals(event.getDetails().get("nordic_sca_failures"))).findFirst()
                .orElseThrow(() -> new AssertionError("no LOGIN_ERROR with nordic_sca_failures=" + failures + " among "
                        + realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50).stream()
                        .map(EventRepresentation::getDetails).toList()));
    }

    private static String wrongFor(Page cardPage, CodeCardDesk.Card card) {
        return CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(cardPage)));
    }

    private Page signIn(String username, String password) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, password);
    }

    private void bankSets(Map<String, String> values) {
        settingsId = BankSettings.save(realm.admin(), realm.getId(), values);
    }

    private LockoutDesk desk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    /** The card's page: the demo flow asks the card first for a customer who has one, else "Try another way". */
    private static Page cardStep(Page page) {
        return page.textOf("code-card-prompt") != null ? page : AnotherWay.choose(page, ENGLISH.text("code-card-display-name"));
    }
}
