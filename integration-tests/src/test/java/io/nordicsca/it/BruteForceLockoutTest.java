package io.nordicsca.it;

import java.time.Duration;
import java.util.Map;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
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

/** PSD2 RTS art. 4: at most 5 consecutive failed attempts, then the password is locked (its own lock, and Keycloak's account-wide one). */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class BruteForceLockoutTest {

    private static final String USERNAME = "lockout-customer";
    private static final String PASSWORD = "Right-password-42";
    /** Longer than the realm's quick-login check (1 s), so only the 5-failure rule can lock. */
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void fiveWrongPasswordsLockThePasswordAndOnlyTheDeskOrTimeOpensIt() throws InterruptedException {
        String userId = Customers.add(realm, USERNAME, PASSWORD);
        LockoutDesk desk = new LockoutDesk(urls.getBase(), realm.getName(), admin);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        for (int guess = 1; guess <= 4; guess++) {
            Page page = signIn("wrong-password-" + guess);
            assertNull(page.redirectedAwayTo(), "a wrong password must not sign in");
            assertEquals("Invalid username or password. (Error code NSCA-1001)", page.textOf(PasswordStep.ERROR_ID));
            Map<String, Object> status = AttackDetection.awaitFailures(realm, userId, guess);
            assertFalse(AttackDetection.locked(status), "locked too early, after " + guess + " failures: " + status);
            Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
        }

        signIn("wrong-password-5");
        Map<String, Object> locked = AttackDetection.awaitFailures(realm, userId, 5);
        assertTrue(AttackDetection.locked(locked), "5 failures must lock: " + locked);

        Page rightPasswordWhileLocked = signIn(PASSWORD);
        assertNull(rightPasswordWhileLocked.redirectedAwayTo(), "a locked user must not sign in, even with the right password");
        assertEquals("Invalid username or password. (Error code NSCA-1001)", rightPasswordWhileLocked.textOf(PasswordStep.ERROR_ID),
                "the page must not reveal that the password was right");

        Map<String, Object> password = LockoutDesk.factor(desk.view(userId), "password");
        assertEquals("TEMPORARY", password.get("state"), "the password's own lock: " + password);
        assertEquals(5, ((Number) password.get("failures")).intValue());

        // Keycloak's own unlock clears only its account-wide record: the password's lock outlives it.
        AttackDetection.unlock(realm, userId);
        assertFalse(AttackDetection.locked(AttackDetection.status(realm, userId)));
        Page stillLocked = signIn(PASSWORD);
        assertNull(stillLocked.redirectedAwayTo());
        assertEquals("Invalid username or password. (Error code NSCA-1001)", stillLocked.textOf(PasswordStep.ERROR_ID), "refused unseen, and the page reveals nothing");

        desk.unlock(userId, "password", "Customer identified by phone, wrong password typed by a child");
        Page afterUnlock = CodeCardStep.answerRightly(signIn(PASSWORD), card);
        assertNotNull(afterUnlock.redirectedAwayTo(), () -> "after the bank unlocks, the right password (and card) signs in; the page said: "
                + afterUnlock.textOf("kc-page-title") + "; attack detection: " + AttackDetection.status(realm, userId));
        assertTrue(afterUnlock.redirectedAwayTo().getQuery().contains("code="), afterUnlock.redirectedAwayTo().toString());
    }

    private Page signIn(String password) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), USERNAME, password);
    }
}
