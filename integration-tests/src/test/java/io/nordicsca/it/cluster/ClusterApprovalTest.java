package io.nordicsca.it.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waiting page's long poll parked on one node hears the phone's answer given on the other:
 * the answer is announced through Keycloak's cluster notifications. The safety-net re-read runs
 * only every {@link ServerOptions#WAITING_RECHECK_SECONDS} s on the test servers (2 s by default),
 * so a wake-up within {@value #WAKE_UP_BOUND_MS} ms cannot come from it.
 */
@Tag("cluster")
public class ClusterApprovalTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final long WAKE_UP_BOUND_MS = 500;
    /** Customers, and sign-ins per customer (within the realm's 5 approval requests per customer in 10 minutes). */
    private static final int CUSTOMERS = 3;
    private static final int ROUNDS = 4;

    private static KeycloakCluster cluster;
    private static RealmResource realm;

    /** How long each of the phone's approval calls took (ms): the part of a wake-up that is the answer itself. */
    private final List<Long> approveCalls = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void cluster() {
        cluster = KeycloakCluster.shared();
        realm = cluster.importDemoRealm();
    }

    @Test
    void thePhonesApprovalOnOneNodeWakesTheBrowserParkedOnTheOtherAtOnce() throws Exception {
        List<Long> wakeUps = new ArrayList<>();
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            String username = "cluster-wake-" + customer;
            DeviceClient phone = AppCustomers.add(realm, cluster.demoRealmUrl(), cluster.adminClient(), cluster.baseUrl(),
                    username, PASSWORD).phone();
            for (int round = 0; round < ROUNDS; round++) {
                wakeUps.add(wakeUp(phone, username, round % 2 == 0 ? "a" : "b", round % 2 == 0 ? "b" : "a"));
            }
        }
        System.out.println("[cluster] cross-node wake-up, phone's approval sent to one node until the poll on the other heard it (ms), parked on a/b alternately: " + wakeUps
                + "; median " + wakeUps.stream().sorted().toList().get(wakeUps.size() / 2) + ", max " + wakeUps.stream().max(Long::compare).orElseThrow()
                + "; of which the approval call itself (ms): " + approveCalls);
    }

    /** One sign-in waiting on {@code parkedOn}, approved through {@code answeredOn}: how long after the approval the poll heard it. */
    private long wakeUp(DeviceClient phone, String username, String parkedOn, String answeredOn) throws Exception {
        OidcClient app = OidcClient.demo(cluster.demoRealmUrl());
        Browser browser = new Browser(cluster.baseUrl()).header(TestProxy.NODE_HEADER, parkedOn);
        Page waiting = PasswordStep.signIn(browser, app, username, PASSWORD);
        assertTrue(AppStep.isWaitingPage(waiting), waiting.body());

        HttpRequest status = statusRequest(waiting, parkedOn);
        int mark = cluster.proxy().journal().size();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(status, HttpResponse.BodyHandlers.ofString());
        // Parked before the answer: the proxy has handed the poll to its node, and the node has held it a while.
        // (A poll arriving after the answer would be told at once, with no notice between nodes needed.)
        awaitForwarded(mark, parkedOn, status.uri().getPath());
        Thread.sleep(300);
        assertFalse(poll.isDone(), "the poll waits on node " + parkedOn + " while the phone has not answered");

        cluster.proxy().pin(answeredOn);
        var challenge = phone.pending().get(0);
        long approved = System.nanoTime();
        assertEquals("approved", phone.approve(challenge, AppStep.eventId(waiting)).result());
        approveCalls.add((System.nanoTime() - approved) / 1_000_000);
        HttpResponse<String> heard = poll.get(60, TimeUnit.SECONDS);
        long afterMs = (System.nanoTime() - approved) / 1_000_000;
        cluster.proxy().sticky();

        assertEquals(200, heard.statusCode(), heard.body());
        assertTrue(heard.body().contains("\"answered\""), heard.body());
        assertTrue(afterMs < WAKE_UP_BOUND_MS, "node " + parkedOn + " heard node " + answeredOn + "'s answer by the cluster's notice, "
                + "not by the re-read: " + afterMs + " ms after the phone sent it");
        Page signedIn = AppStep.continueAfterAnswer(waiting);
        assertNotNull(signedIn.redirectedAwayTo(), "node " + parkedOn + " signs in: " + signedIn.body());
        assertEquals(200, app.exchange(signedIn.redirectedAwayTo()).status());
        return afterMs;
    }

    private static void awaitForwarded(int mark, String node, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cluster.proxy().journal().stream().skip(mark).noneMatch(request -> request.node().equals(node) && request.path().equals(path))) {
            assertTrue(System.nanoTime() < deadline, "the status poll reached node " + node + " through the proxy");
            Thread.sleep(10);
        }
    }

    /** The page's status call, sent to this node (the page's own script asks the hostname: the proxy). */
    private static HttpRequest statusRequest(Page waiting, String node) {
        URI url = URI.create(waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url"));
        return HttpRequest.newBuilder(url).header(TestProxy.NODE_HEADER, node).timeout(Duration.ofSeconds(60)).GET().build();
    }
}
