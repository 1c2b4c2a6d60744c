package io.nordicsca.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.AnotherWay;
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
 * A factor's lock schedule as the bank sets it in Realm settings → Nordic SCA: the warning before
 * the answer that would lock the factor for good (PSD2 RTS art. 4(4)), the bank's lock it sets,
 * a locked factor left out of the sign-in, and the realm switch that names no factor (art. 4(3)(a)).
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
