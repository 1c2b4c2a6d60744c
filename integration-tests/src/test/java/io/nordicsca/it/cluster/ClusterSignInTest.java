package io.nordicsca.it.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sign-in started on node A is finished on node B, for each factor: the sign-in's state lives in
 * the cluster (authentication sessions, single-use store, database), never in one node's memory.
 * Then the same with the proxy as a bank would run it: sticky by Keycloak's route, or round robin.
 */
@Tag("cluster")
public class ClusterSignInTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    private static KeycloakCluster cluster;
    private static RealmResource realm;

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.shared();
        realm = cluster.importDemoRealm();
    }

    @Test
    void aCodeCardSignInStartedOnNodeAIsFinishedOnNodeB() {
        CodeCardDesk.Card card = cardCustomer("cluster-card");
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());
        Browser browser = new Browser(cluster.baseUrl());

        Page challenge = PasswordStep.signIn(browser, app, "cluster-card", PASSWORD);
        Map<String, Long> onA = cluster.proxy().pin("b").served();
        assertTrue(challenge.textOf("code-card-prompt") != null, "node A asks for the code card: " + challenge.body());

        Page signedIn = CodeCardStep.answerRightly(challenge, card);
        assertSignedInOnB(app, signedIn, onA);
    }

    @Test
    void anSmsSignInStartedOnNodeAIsFinishedOnNodeB() {
        SmsStep.configure(realm, Map.of());
        String number = "+46701119001";
        Customers.addWithPhone(realm, "cluster-sms", PASSWORD, "070-111 90 01");
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());

        cluster.proxy().pin("a");
        Page codePage = PasswordStep.signIn(new Browser(cluster.baseUrl()), app, "cluster-sms", PASSWORD);
        assertTrue(SmsStep.isCodePage(codePage), codePage.body());
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(number);
        assertEquals(1, sent.size(), "node A sent one SMS");
        Map<String, Long> onA = cluster.proxy().pin("b").served();

        Page signedIn = SmsStep.answer(codePage, sent.get(0).code());
        assertSignedInOnB(app, signedIn, onA);
        assertEquals(1, TWILIO.sentTo(number).size(), "node B sent no second SMS");
    }

    @Test
    void anAppSignInStartedOnNodeAIsApprovedAndFinishedOnNodeB() {
        cluster.proxy().sticky();
        DeviceClient phone = AppCustomers.add(realm, cluster.demoRealmUrl(), cluster.adminClient(), cluster.baseUrl(),
                "cluster-app", PASSWORD).phone();
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());

        cluster.proxy().pin("a");
        Page waiting = PasswordStep.signIn(new Browser(cluster.baseUrl()), app, "cluster-app", PASSWORD);
        assertTrue(AppStep.isWaitingPage(waiting), waiting.body());
        Map<String, Long> onA = cluster.proxy().pin("b").served();

        assertEquals("approved", phone.approve(phone.pending().get(0), AppStep.eventId(waiting)).result(), "node B takes the phone's answer");
        Page signedIn = AppStep.continueAfterAnswer(waiting);
        assertSignedInOnB(app, signedIn, onA);
    }

    @Test
    void withTheProxyStickyByKeycloaksRouteEveryStepOfASignInGoesToTheNodeItsCookieNames() {
        for (int i = 0; i < 4; i++) {
            List<TestProxy.Served> signIn = signInWithCard("cluster-sticky-" + i, TestProxy::sticky);
            List<TestProxy.Served> routed = signIn.stream().filter(request -> request.route() != null).toList();
            // The password and the card answer carry the sign-in's cookie; its route is a node's name.
            assertTrue(routed.size() >= 2, "the sign-in's cookie carried a route: " + signIn);
            for (TestProxy.Served request : routed) {
                assertTrue(List.of("a", "b").contains(request.route()), "Keycloak's route names a node: " + request);
                assertEquals(request.route(), request.node(), "the proxy kept the sign-in on its node: " + signIn);
            }
        }
    }

    @Test
    void withTheProxyRoundRobinTheStepsOfOneSignInAlternateNodesAndEverySignInSucceeds() {
        for (int i = 0; i < 4; i++) {
            List<TestProxy.Served> signIn = signInWithCard("cluster-round-robin-" + i, TestProxy::roundRobin);
            Set<String> nodes = signIn.stream().map(TestProxy.Served::node).collect(Collectors.toSet());
            assertEquals(Set.of("a", "b"), nodes, "one sign-in's own requests were served by both nodes: " + signIn);
        }
    }

    /** Signs in with password and code card through the proxy in the given mode; the requests of the sign-in itself. */
    private List<TestProxy.Served> signInWithCard(String username, Consumer<TestProxy> mode) {
        CodeCardDesk.Card card = cardCustomer(username);
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());
        mode.accept(cluster.proxy());
        int mark = cluster.proxy().journal().size();
        Page signedIn = CodeCardStep.answerRightly(PasswordStep.signIn(new Browser(cluster.baseUrl()), app, username, PASSWORD), card);
        assertNotNull(signedIn.redirectedAwayTo(), username + " signed in: " + signedIn.body());
        assertEquals(200, app.exchange(signedIn.redirectedAwayTo()).status(), "tokens for " + username);
        List<TestProxy.Served> journal = cluster.proxy().journal();
        return journal.subList(mark, journal.size());
    }

    /** A customer with an activated code card, created through the proxy (any node). */
    static CodeCardDesk.Card cardCustomer(String username) {
        cluster.proxy().sticky();
        String userId = Customers.add(realm, username, PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(cluster.baseUrl(), realm.toRepresentation().getRealm(), cluster.adminClient())
                .issueActivated(userId, 100);
        cluster.proxy().pin("a");
        return card;
    }

    /** Signed in and the tokens issued, with every request since {@code onA} served by node B. */
    private static void assertSignedInOnB(OidcClient app, Page signedIn, Map<String, Long> onA) {
        assertNotNull(signedIn.redirectedAwayTo(), "node B finishes the sign-in: " + signedIn.body());
        OidcClient.Tokens tokens = app.exchange(signedIn.redirectedAwayTo());
        assertEquals(200, tokens.status(), "node B issues the tokens");
        Map<String, Long> now = cluster.proxy().served();
        assertEquals(onA.getOrDefault("a", 0L), now.getOrDefault("a", 0L), "node A served nothing after the first step: " + onA + " -> " + now);
        assertTrue(now.get("b") > onA.getOrDefault("b", 0L), "node B served the rest");
        cluster.proxy().sticky();
    }
}
