package io.nordicsca.it.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.Burst;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import io.nordicsca.it.support.UiText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits hold for the cluster, not per node: an attacker who knows the password sends 20
 * wrong code card answers at the same instant, half to each node, and at most the realm's limit
 * is looked at; then both nodes refuse the card. SMS send limits count sends on both nodes.
 */
@Tag("cluster")
public class ClusterGuessBudgetTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int BURST = 20;
    private static final List<String> NODES = List.of("a", "b");
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    private static KeycloakCluster cluster;
    private static RealmResource realm;

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.shared();
        realm = cluster.importDemoRealm();
        Burst.withoutQuickLoginCheck(realm);
    }

    @Test
    void twentyWrongCodeCardAnswersSplitOverBothNodesAreLookedAtAtMostTheRealmsLimitAndBothNodesThenRefuseTheCard() {
        String userId = Customers.add(realm, "cluster-burst-card", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(cluster.baseUrl(), realm.toRepresentation().getRealm(), cluster.adminClient())
                .issueActivated(userId, 100);
        List<Page> challenges = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            challenges.add(passwordStep("cluster-burst-card", NODES.get(i % 2)));
        }
        String wrong = CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(challenges.get(0))));

        List<Page> pages = Burst.submit(challenges.stream().map(page -> page.form(CodeCardStep.FORM).set("code", wrong)).toList());

        Map<String, Integer> told = new TreeMap<>();
        for (Page page : pages) {
            assertNull(page.redirectedAwayTo(), "a wrong answer signed in");
            String kind = ENGLISH.text("codeCardInvalid").equals(page.textOf(CodeCardStep.ERROR_ID)) ? "wrong"
                    : ENGLISH.text("nordicScaAttemptInProgress").equals(page.textOf(CodeCardStep.ERROR_ID)) ? "busy"
                    : LockPage.code(page) != null ? "blocked"
                    : "unexpected: " + page.status() + " " + UiText.of(page);
            told.merge(kind, 1, Integer::sum);
        }
        int limit = realm.toRepresentation().getFailureFactor();
        int wrongAnswers = told.getOrDefault("wrong", 0);
        AttackDetection.awaitFailures(realm, userId, 1);
        sleep(2000);
        int failures = AttackDetection.failures(AttackDetection.status(realm, userId));
        System.out.println("[cluster] 20 wrong code card answers over nodes a and b: told " + told + ", Keycloak's record " + failures);
        assertEquals(BURST, told.getOrDefault("wrong", 0) + told.getOrDefault("busy", 0) + told.getOrDefault("blocked", 0),
                "every answer is told wrong, busy or blocked: " + told);
        assertTrue(wrongAnswers >= 1 && wrongAnswers <= limit, "at most the realm's " + limit + " answers were looked at: " + told);
        assertEquals(wrongAnswers, failures, "every answer looked at, and only those, is in Keycloak's record");

        // The answers the burst left unused, one at a time on alternate nodes: the last one locks the card.
        Page last = null;
        for (int answer = wrongAnswers + 1; answer <= limit; answer++) {
            last = CodeCardStep.answer(passwordStep("cluster-burst-card", NODES.get(answer % 2)), wrong);
            sleep(1200);
        }
        if (last != null) {
            assertEquals("NSCA-2901", LockPage.code(last), "the realm's " + limit + "th wrong answer locks the card: " + UiText.of(last));
        }
        for (String node : NODES) {
            cluster.proxy().pin(node);
            Map<String, Object> view = new LockoutDesk(cluster.baseUrl(), realm.toRepresentation().getRealm(), cluster.adminClient()).view(userId);
            cluster.proxy().sticky();
            assertEquals("TEMPORARY", LockoutDesk.factor(view, "code-card").get("state"), "node " + node + "'s desk shows the card locked");
            Page next = passwordStep("cluster-burst-card", node);
            assertNull(next.textOf("code-card-prompt"), "node " + node + " asks no security number of the locked card: " + UiText.of(next));
            assertNull(next.redirectedAwayTo(), "node " + node + " signs nobody in");
        }
    }

    /**
     * Sign-ins one after another on alternate nodes (one customer's passwords at the same instant
     * are answered "busy" but one, so a burst would not reach the SMS step): with 3 SMS allowed per
     * customer, the fourth sign-in is refused whichever node it reaches; counts per node would
     * have let six through.
     */
    @Test
    void smsSendLimitsCountTheSendsOfBothNodes() {
        SmsStep.configure(realm, Map.of("sendsPerUser", "3", "sendsPerNumber", "100", "resendCooldownSeconds", "0"));
        try {
            String number = "+46701119002";
            Customers.addWithPhone(realm, "cluster-sms-limit", PASSWORD, number);
            List<String> told = new ArrayList<>();
            for (int signIn = 0; signIn < 6; signIn++) {
                String node = NODES.get(signIn % 2);
                Page page = passwordStep("cluster-sms-limit", node);
                String when = page.textOf("sms-problem-minutes");
                boolean limit = "NSCA-3007".equals(SmsStep.noticeCode(page))
                        && IntStream.rangeClosed(1, 10).anyMatch(minutes -> ENGLISH.text("nordicScaTryAgainIn", minutes).equals(when));
                told.add(node + ":" + (SmsStep.isCodePage(page) ? "code" : limit ? "limit" : "other " + UiText.of(page)));
            }
            System.out.println("[cluster] 6 SMS sign-ins on alternate nodes, 3 allowed per customer: " + told
                    + "; " + TWILIO.sentTo(number).size() + " sent");
            assertEquals(List.of("a:code", "b:code", "a:code", "b:limit", "a:limit", "b:limit"), told,
                    "three sign-ins get a code, then both nodes refuse: the count is the cluster's");
            assertEquals(3, TWILIO.sentTo(number).size(), "3 SMS went out");
        } finally {
            SmsStep.configure(realm, Map.of());
        }
    }

    private static Browser browser(String node) {
        return new Browser(cluster.baseUrl()).header(TestProxy.NODE_HEADER, node);
    }

    private static Page passwordStep(String username, String node) {
        return PasswordStep.signIn(browser(node), OidcClient.demo(cluster.demoRealmUrl()), username, PASSWORD);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
