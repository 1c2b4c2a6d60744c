package io.nordicsca.it;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppApprovalSettings;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
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
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waiting page's long poll on the status call, as its script makes it: woken by the phone's
 * answer (the server's safety-net re-read runs only every {@link NordicScaServerConfig#WAITING_RECHECK_SECONDS}
 * s on the test server, so a prompt answer cannot come from it), at most two polls parked per
 * sign-in request, and a poll whose browser went away no longer holds a place.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppWaitingPageTest {

    private static final String PASSWORD = "Customer-password-1";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aPollParkedBeforeThePhoneAnswersHearsTheAnswerAtOnce() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "wait-woken", PASSWORD).phone();
        Page waiting = passwordStep("wait-woken");
        CompletableFuture<HttpResponse<String>> poll = poll(waiting);
        Thread.sleep(1000);
        assertFalse(poll.isDone(), "the poll waits while the phone has not answered");

        phone.approve(phone.pending().get(0), AppStep.eventId(waiting));
        long approved = System.nanoTime();
        HttpResponse<String> heard = poll.get(30, TimeUnit.SECONDS);
        long afterMs = (System.nanoTime() - approved) / 1_000_000;

        assertEquals(200, heard.statusCode(), heard.body());
        assertTrue(heard.body().contains("\"answered\""), heard.body());
        assertEquals("no-store", heard.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(afterMs < 1000, "woken by the answer, not by the safety net (every "
                + NordicScaServerConfig.WAITING_RECHECK_SECONDS + " s here): heard " + afterMs + " ms after the approval");
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo(), "the page's submit then signs in");
    }

    /** The phone's last use is written after the sign-in has committed, off the customer's wait, but written. */
    @Test
    void theSignInFinishedByThePhoneRecordsThePhonesLastUse() throws Exception {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "wait-last-use", PASSWORD);
        DeviceClient phone = customer.phone();
        long before = System.currentTimeMillis() / 1000 * 1000;
        Page waiting = passwordStep("wait-last-use");
        phone.approve(phone.pending().get(0), AppStep.eventId(waiting));
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo(), "signed in");

        long deadline = System.currentTimeMillis() + 10_000;
        Long lastUsed = null;
        while ((lastUsed == null || lastUsed < before) && System.currentTimeMillis() < deadline) {
            lastUsed = lastUse(customer.userId());
            if (lastUsed == null || lastUsed < before) {
                Thread.sleep(100);
            }
        }
        assertNotNull(lastUsed, "the phone's credential has its last use");
        assertTrue(lastUsed >= before, "the last use is this sign-in's: " + lastUsed + " >= " + before);
    }

    @Test
    void aThirdPollOnOneSignInIsToldAtOnceToAskAgainLater() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "wait-capped", PASSWORD).phone();
        Page waiting = passwordStep("wait-capped");
        List<CompletableFuture<HttpResponse<String>>> parked = List.of(poll(waiting), poll(waiting));
        Thread.sleep(500);

        long asked = System.nanoTime();
        HttpResponse<String> third = http.send(statusRequest(waiting, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString());
        long afterMs = (System.nanoTime() - asked) / 1_000_000;

        assertEquals(429, third.statusCode(), third.body());
        assertTrue(afterMs < 2000, "answered at once, not parked: " + afterMs + " ms");
        assertEquals("3", third.headers().firstValue("Retry-After").orElse(null), "the page is told when to ask again");
        assertTrue(third.body().contains("too_many_waiting"), third.body());

        phone.approve(phone.pending().get(0), AppStep.eventId(waiting));
        for (CompletableFuture<HttpResponse<String>> poll : parked) {
            HttpResponse<String> heard = poll.get(5, TimeUnit.SECONDS);
            assertTrue(heard.body().contains("\"answered\""), "the two parked polls hear the answer: " + heard.body());
        }
    }

    @Test
    void aPollWhoseBrowserWentAwayNoLongerHoldsAPlace() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "wait-gone", PASSWORD).phone();
        Page waiting = passwordStep("wait-gone");
        // Two pages that park a poll and are closed (a reload, a closed tab): the connection ends.
        List<Socket> closed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            closed.add(rawPoll(waiting));
        }
        Thread.sleep(500);
        for (Socket socket : closed) {
            socket.close();
        }
        Thread.sleep(500);

        List<CompletableFuture<HttpResponse<String>>> fresh = List.of(poll(waiting), poll(waiting));
        Thread.sleep(1000);
        for (CompletableFuture<HttpResponse<String>> poll : fresh) {
            assertFalse(poll.isDone(), "the places of the closed pages are free: "
                    + (poll.isDone() ? poll.get().statusCode() + " " + poll.get().body() : ""));
        }
        phone.approve(phone.pending().get(0), AppStep.eventId(waiting));
        for (CompletableFuture<HttpResponse<String>> poll : fresh) {
            assertTrue(poll.get(5, TimeUnit.SECONDS).body().contains("\"answered\""));
        }
    }

    @Test
    void aParkedPollHearsExpiredWhenTheRequestExpires() throws Exception {
        AppCustomers.add(realm, admin, urls.getBase(), "wait-expiry", PASSWORD);
        AppApprovalSettings.set(realm, Map.of("expirySeconds", "10"));
        try {
            Page waiting = passwordStep("wait-expiry");
            long shown = System.nanoTime();
            HttpResponse<String> heard = poll(waiting).get(30, TimeUnit.SECONDS);
            long afterMs = (System.nanoTime() - shown) / 1_000_000;

            assertTrue(heard.body().contains("\"expired\""), heard.body());
            assertTrue(afterMs < 12_000, "expiry is reported when it happens (10 s), not later: " + afterMs + " ms");
        } finally {
            AppApprovalSettings.set(realm, Map.of());
        }
    }

    /** The app device's stored last use (epoch ms), read through the test server's stored-credentials inspector. */
    @SuppressWarnings("unchecked")
    private Long lastUse(String userId) throws Exception {
        HttpResponse<String> stored = new CodeCardDesk(urls.getBase(), realm.getName(), admin)
                .callPath("GET", "/admin/realms/" + realm.getName() + "/test-stored-credentials/users/" + userId);
        assertEquals(200, stored.statusCode(), stored.body());
        List<Map<String, Object>> credentials = JsonSerialization.readValue(stored.body(), List.class);
        for (Map<String, Object> credential : credentials) {
            if ("app-device".equals(credential.get("type"))) {
                Object value = JsonSerialization.readValue((String) credential.get("credentialData"), Map.class).get("lastUsed");
                return value == null ? null : ((Number) value).longValue();
            }
        }
        return null;
    }

    private Page passwordStep(String username) {
        Page waiting = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
        assertTrue(AppStep.isWaitingPage(waiting), waiting.body());
        return waiting;
    }

    private CompletableFuture<HttpResponse<String>> poll(Page waiting) {
        return http.sendAsync(statusRequest(waiting, Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest statusRequest(Page waiting, Duration timeout) {
        return HttpRequest.newBuilder(statusUrl(waiting)).timeout(timeout).GET().build();
    }

    private static URI statusUrl(Page waiting) {
        return URI.create(waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url"));
    }

    /** The status call on a plain socket, so the test can close the connection as a leaving browser does. */
    private static Socket rawPoll(Page waiting) throws Exception {
        URI url = statusUrl(waiting);
        Socket socket = new Socket(url.getHost(), url.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
