package io.nordicsca.it.cluster;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped as a crash would under a running cluster (scripts/postgresql.sh restart) loses nothing that
 * was committed (a card with a used security number, a factor the bank locked), and both nodes
 * sign customers in again once the database is back.
 */
@Tag("cluster")
public class ClusterDatabaseRestartTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int SERVING_IN_A_ROW = 20;

    private static KeycloakCluster cluster;
    private static RealmResource realm;

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.shared();
        realm = cluster.importDemoRealm();
    }

    @Test
    void aDatabaseRestartLosesNoCommittedCardOrLockAndBothNodesSignInAfterwards() {
        String realmName = realm.toRepresentation().getRealm();
        CodeCardDesk cards = new CodeCardDesk(cluster.baseUrl(), realmName, cluster.adminClient());
        LockoutDesk lockout = new LockoutDesk(cluster.baseUrl(), realmName, cluster.adminClient());
        String cardHolder = Customers.add(realm, "cluster-db-card", PASSWORD);
        CodeCardDesk.Card card = cards.issueActivated(cardHolder, 100);
        assertNotNull(signIn("cluster-db-card", card, "a").redirectedAwayTo(), "signed in before the restart");
        String locked = Customers.add(realm, "cluster-db-locked", PASSWORD);
        assertEquals("BANK", LockoutDesk.factor(lockout.lock(locked, "sms", "Stolen phone"), "sms").get("state"));
        Map<String, Object> cardBefore = cards.cards(cardHolder).get(0);
        String cardRowBefore = storedCard(cardHolder);
        assertNotNull(cardRowBefore, "the card is a CREDENTIAL row in PostgreSQL");
        assertNotNull(storedSmsLock(locked), "the bank's lock is a USER_ATTRIBUTE row in PostgreSQL");

        long restart = System.nanoTime();
        cluster.restartPostgres();
        cluster.awaitReady();
        long restartMs = (System.nanoTime() - restart) / 1_000_000;
        // Each node's pool still holds the connections the restart cut; Keycloak drops each one when
        // a request fails on it (500), so a few requests fail before every node serves again.
        Map<String, Integer> failedAfterRestart = new java.util.TreeMap<>();
        for (String node : List.of("a", "b")) {
            failedAfterRestart.put(node, untilServing(cards, realmName, node));
        }

        // Read from PostgreSQL itself, not through Keycloak's caches, which would still hold what was lost.
        assertEquals(cardRowBefore, storedCard(cardHolder), "the card's row, with its used number, is in PostgreSQL as committed");
        assertNotNull(storedSmsLock(locked), "the bank's lock is still a row in PostgreSQL");
        for (String node : List.of("a", "b")) {
            cluster.proxy().pin(node);
            assertEquals(cardBefore, cards.cards(cardHolder).get(0), "node " + node + ": the card and its used number are as committed");
            assertEquals("BANK", LockoutDesk.factor(lockout.view(locked), "sms").get("state"), "node " + node + ": the bank's lock stays");
            cluster.proxy().sticky();
        }
        for (String node : List.of("a", "b")) {
            Page signedIn = signIn("cluster-db-card", card, node);
            assertNotNull(signedIn.redirectedAwayTo(), "node " + node + " signs in after the restart: " + signedIn.body());
        }
        System.out.println("[cluster] PostgreSQL restart until both nodes' readiness checks pass: " + restartMs
                + " ms; requests answered 500 before each node served again (cut pooled connections): " + failedAfterRestart);
    }

    private static String storedCard(String userId) {
        return stored("SELECT secret_data || credential_data FROM credential WHERE user_id = ? AND type = 'code-card'", userId);
    }

    private static String storedSmsLock(String userId) {
        return stored("SELECT value FROM user_attribute WHERE user_id = ? AND name = 'nordic-sca.lock.sms'", userId);
    }

    private static String stored(String sql, String userId) {
        try (Connection db = TestDatabases.connect(TestDatabases.CLUSTER)) {
            return TestDatabases.single(db, sql, userId);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the realm's users on this node until it answers 200 {@link #SERVING_IN_A_ROW} times in a row
     * (each failure retires one cut connection from the pool); returns how many requests failed before.
     */
    private static int untilServing(CodeCardDesk desk, String realmName, String node) {
        cluster.proxy().pin(node);
        try {
            int failed = 0;
            int inARow = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (inARow < SERVING_IN_A_ROW) {
                assertTrue(System.nanoTime() < deadline, "node " + node + " serves again within 60 s of the restart (" + failed + " failures)");
                int status;
                try {
                    status = desk.callPath("GET", "/admin/realms/" + realmName + "/users/count").statusCode();
                } catch (RuntimeException e) {
                    status = 500; // the admin client's own token call met a cut connection
                }
                if (status == 200) {
                    inARow++;
                } else {
                    failed++;
                    inARow = 0;
                }
            }
            return failed;
        } finally {
            cluster.proxy().sticky();
        }
    }

    private static Page signIn(String username, CodeCardDesk.Card card, String node) {
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());
        Browser browser = new Browser(cluster.baseUrl()).header(TestProxy.NODE_HEADER, node);
        Page signedIn = CodeCardStep.answerRightly(PasswordStep.signIn(browser, app, username, PASSWORD), card);
        if (signedIn.redirectedAwayTo() != null) {
            assertEquals(200, app.exchange(signedIn.redirectedAwayTo()).status(), "tokens on node " + node);
        }
        return signedIn;
    }
}
