package io.nordicsca.it.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static io.nordicsca.it.bench.Percentiles.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Load driver, not a test (excluded from ./test.sh). Two figures for app approval on the real server:
 * <ol>
 * <li>Latency from the companion app's approve call returning to the browser leaving the waiting
 *     page: the page's own mechanism (a long poll on the status call, then the form POST that ends
 *     in the redirect to the app), driven over HTTP on loopback, p50/p95 over the logins.</li>
 * <li>1,000 browsers waiting at once on one node (1,000 long polls parked on one request): the
 *     server's thread count and heap before and while they wait, and how fast all of them hear the answer.</li>
 * </ol>
 * Run: {@code ./mvnw -B verify -pl integration-tests -am -Dtest=AppApprovalLatencyBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = BenchmarkServerConfig.class)
public class AppApprovalLatencyBenchmark {

    private static final int LOGINS = Integer.getInteger("bench.logins", 130);
    private static final int WARM_UP = 20;
    private static final int CUSTOMERS = 5;
    private static final int WAITERS = Integer.getInteger("bench.waiters", 1000);
    private static final String PASSWORD = "Bench-password-1";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void approvalToPageLeftAndThousandWaitingBrowsers() throws Exception {
        configure();
        List<DeviceClient> phones = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            phones.add(AppCustomers.add(realm, admin, urls.getBase(), "bench-app-" + i, PASSWORD).phone());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        List<Long> heard = new ArrayList<>(), left = new ArrayList<>();
        for (int i = 0; i < WARM_UP + LOGINS; i++) {
            DeviceClient phone = phones.get(i % CUSTOMERS);
            Page waiting = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "bench-app-" + (i % CUSTOMERS), PASSWORD);
            String eventId = AppStep.eventId(waiting);
            CompletableFuture<HttpResponse<String>> poll = http.sendAsync(status(waiting), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(30); // the poll is parked on the server, as a real page's would be
            phone.approve(phone.pending().get(0), eventId);
            long approved = System.nanoTime();
            assertEquals(200, poll.get(30, TimeUnit.SECONDS).statusCode());
            long heardAt = System.nanoTime();
            Page done = AppStep.continueAfterAnswer(waiting);
            long leftAt = System.nanoTime();
            assertNotNull(done.redirectedAwayTo(), done.body());
            if (i >= WARM_UP) {
                heard.add(heardAt - approved);
                left.add(leftAt - approved);
            }
        }

        // 1,000 browsers waiting on one request at once.
        long pid = keycloakPid();
        long threadsBefore = threads(pid);
        long heapBefore = usedHeapKb(pid);
        DeviceClient phone = phones.get(0);
        Page waiting = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "bench-app-0", PASSWORD);
        String eventId = AppStep.eventId(waiting);
        HttpClient many = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).build();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            polls.add(many.sendAsync(status(waiting), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(3000); // all parked
        long threadsWaiting = threads(pid);
        long heapWaiting = usedHeapKb(pid);
        phone.approve(phone.pending().get(0), eventId);
        long approved = System.nanoTime();
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> response = poll.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 200 && response.body().contains("answered")) {
                answered++;
            }
        }
        long allHeardMs = (System.nanoTime() - approved) / 1_000_000;

        String report = String.format(Locale.ROOT, """
                | App approval (%d logins after %d warm-up, loopback) | p50 | p95 |
                |---|---|---|
                | approve call returned → waiting page's long poll answered | %.1f ms | %.1f ms |
                | approve call returned → browser left the waiting page (redirect to the app) | %.1f ms | %.1f ms |

                | %d browsers waiting at once on one node | before | while waiting |
                |---|---|---|
                | Keycloak threads | %d | %d |
                | Keycloak heap in use (after a GC) | %d MiB | %d MiB |

                All %d long polls heard the approval (%d answered) within %d ms.
                """, LOGINS, WARM_UP, ms(heard, 50), ms(heard, 95), ms(left, 50), ms(left, 95),
                WAITERS, threadsBefore, threadsWaiting, heapBefore / 1024, heapWaiting / 1024, WAITERS, answered, allHeardMs);
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "app-approval.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private void configure() {
        AuthenticatorConfigRepresentation config = realm.admin().flows().getExecutions("nordic-bank second factor").stream()
                .filter(execution -> "nordic-sca-app-approval".equals(execution.getProviderId()))
                .map(execution -> realm.admin().flows().getAuthenticatorConfig(execution.getAuthenticationConfig()))
                .findFirst().orElseThrow();
        config.getConfig().put("pushSender", "none");
        config.getConfig().put("pushesPerWindow", "50");
        config.getConfig().put("windowMinutes", "1");
        realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
    }

    private static HttpRequest status(Page waiting) {
        String url = waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url");
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    /** The Keycloak server process the test framework started. */
    private static long keycloakPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("quarkus-run.jar") || c.contains("io.quarkus.bootstrap.runner")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new AssertionError("no Keycloak process found"));
    }

    private static long threads(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }

    /** Heap in use after a full GC, in KiB, from jcmd (same JDK as the server). */
    private static long usedHeapKb(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes());
        info.waitFor(60, TimeUnit.SECONDS);
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(text);
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }
}
