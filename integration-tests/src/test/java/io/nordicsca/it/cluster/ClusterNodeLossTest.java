package io.nordicsca.it.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A challenge survives the node that made it: node A is killed (SIGKILL, no shutdown) while the
 * customer's phone has an app request pending and the browser waits on A; the browser carries on
 * with node B, the phone approves there, and the sign-in ends with tokens.
 */
@Tag("cluster")
@Order(Integer.MAX_VALUE) // last of the cluster tests (see the pom's cluster execution): node A stays down
public class ClusterNodeLossTest {

    private static final String PASSWORD = "Customer-password-1";

    private static KeycloakCluster cluster;
    private static RealmResource realm;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.shared();
        realm = cluster.importDemoRealm();
    }

    @Test
    void nodeAKilledWithAnAppRequestPendingTheBrowserContinuesOnNodeBAndTheApprovalSignsIn() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, cluster.demoRealmUrl(), cluster.adminClient(), cluster.baseUrl(),
                "cluster-node-loss", PASSWORD).phone();
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());
        Browser browser = new Browser(cluster.baseUrl()).header(TestProxy.NODE_HEADER, "a");
        Page waiting = PasswordStep.signIn(browser, app, "cluster-node-loss", PASSWORD);
        assertTrue(AppStep.isWaitingPage(waiting), waiting.body());
        String eventId = AppStep.eventId(waiting);
        CompletableFuture<HttpResponse<String>> pollOnA = http.sendAsync(statusRequest(waiting, "a"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertFalse(pollOnA.isDone(), "the browser waits on node A");

        long killed = System.nanoTime();
        cluster.kill("a");
        assertFalse(cluster.node("a").isAlive(), "node A is gone");
        HttpResponse<String> lost = pollOnA.get(30, TimeUnit.SECONDS);
        assertNotEquals(200, lost.statusCode(), "the poll parked on the dead node ends without an answer: " + lost.body());

        // The page's script polls again; the load balancer now sends everything to node B.
        browser.header(TestProxy.NODE_HEADER, "b");
        CompletableFuture<HttpResponse<String>> pollOnB = http.sendAsync(statusRequest(waiting, "b"), HttpResponse.BodyHandlers.ofString());
        cluster.proxy().sticky(); // the phone's requests: node A is down, so node B
        assertEquals(1, phone.pending().size(), "node B knows the request node A made");
        assertEquals("approved", phone.approve(phone.pending().get(0), eventId).result(), "node B takes the approval");
        HttpResponse<String> heard = pollOnB.get(30, TimeUnit.SECONDS);
        assertTrue(heard.body().contains("\"answered\""), "the poll on node B hears the approval: " + heard.body());

        Page signedIn = AppStep.continueAfterAnswer(waiting);
        assertNotNull(signedIn.redirectedAwayTo(), "node B finishes the sign-in node A started: " + signedIn.body());
        OidcClient.Tokens tokens = app.exchange(signedIn.redirectedAwayTo());
        assertEquals(200, tokens.status(), "tokens issued");
        assertEquals("cluster-node-loss", tokens.idToken().getPreferredUsername());
        System.out.println("[cluster] node A killed; sign-in finished on node B " + (System.nanoTime() - killed) / 1_000_000 + " ms later");
    }

    private static HttpRequest statusRequest(Page waiting, String node) {
        URI url = URI.create(waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url"));
        return HttpRequest.newBuilder(url).header(TestProxy.NODE_HEADER, node).timeout(Duration.ofSeconds(60)).GET().build();
    }
}
