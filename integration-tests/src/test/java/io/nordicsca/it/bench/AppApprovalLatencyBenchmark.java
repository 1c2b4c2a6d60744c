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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.Device;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.companion.DeviceKeys;
import io.nordicsca.it.support.AppApprovalSettings;
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
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static io.nordicsca.it.bench.Percentiles.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load driver, not a test (excluded from ./test.sh). Figures for the waiting page of app approval
 * on the real server:
 * <ol>
 * <li>Latency from the companion app's approve call returning to the waiting page's long poll
 *     answered, and to the browser leaving the page (the page's form POST until the redirect to
 *     the app), over HTTP on loopback, p50/p95 over the logins.</li>
 * <li>The Keycloak process's CPU (from {@code /proc/<pid>/stat} over a fixed window), threads and
 *     heap: idle; with 1,000 polls sent for one sign-in request; and with {@code bench.waiters}
 *     (10,000) polls parked, two per sign-in request, as two tabs of a waiting page make them.</li>
 * </ol>
 * For the many waiters the driver gives the realm a benchmark browser flow (username, then the
 * app step; no password, so no password hash per sign-in) and imports the customers in bulk with
 * an app-device credential for one key pair it holds, then signs each in once.
 * Run: {@code ./mvnw -B verify -pl integration-tests -am -Dtest=AppApprovalLatencyBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = BenchmarkServerConfig.class)
public class AppApprovalLatencyBenchmark {

    private static final int LOGINS = Integer.getInteger("bench.logins", 130);
    private static final int WARM_UP = 20;
    private static final int CUSTOMERS = 5;
    private static final int POLLS_ON_ONE = Integer.getInteger("bench.pollsOnOne", 1000);
    private static final int WAITERS = Integer.getInteger("bench.waiters", 10_000);
    private static final int CPU_WINDOW_SECONDS = Integer.getInteger("bench.cpuWindowSeconds", 15);
    /** The status call's longest wait (25 s) plus a little. */
    private static final int STEADY_WINDOW_SECONDS = 26;
    private static final String PASSWORD = BenchFlows.PASSWORD;
    private static final String BENCH_FLOW = "bench-username-app";
    private static final String DEMO_BROWSER_FLOW = "nordic-bank browser";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void approvalToPageLeftAndTenThousandWaitingBrowsers() throws Exception {
        AppApprovalSettings.set(realm, Map.of("pushSender", "none", "pushesPerWindow", "50", "windowMinutes", "1"));
        List<DeviceClient> phones = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            phones.add(AppCustomers.add(realm, admin, urls.getBase(), "bench-app-" + i, PASSWORD).phone());
        }

        // 1. Approve → page's poll answered → page left.
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

        // Customers for the many waiting pages: a username-only flow and a bulk import.
        int requests = WAITERS / 2;
        DeviceKeys keys = DeviceKeys.generate();
        List<String[]> benchCustomers = importCustomers(requests, keys);
        useBenchFlow();
        long signInStart = System.nanoTime();
        List<HttpRequest> statusCalls = signInAll(benchCustomers);
        double signInSeconds = (System.nanoTime() - signInStart) / 1e9;

        long pid = ProcessCpu.testServerPid();
        Thread.sleep(5000);
        Sample idle = sample(pid);
        long heapIdle = usedHeapKb(pid);

        // 2. POLLS_ON_ONE polls for one sign-in request.
        DeviceClient phone = phones.get(0);
        useFlow(DEMO_BROWSER_FLOW);
        Page oneWaiting = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "bench-app-0", PASSWORD);
        String oneEventId = AppStep.eventId(oneWaiting);
        List<CompletableFuture<HttpResponse<String>>> onOne = new ArrayList<>();
        for (int i = 0; i < POLLS_ON_ONE; i++) {
            onOne.add(http.sendAsync(status(oneWaiting), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(3000);
        long onOneRefusedAtOnce = onOne.stream().filter(f -> f.isDone() && f.join().statusCode() == 429).count();
        Sample onOneSample = sample(pid);
        phone.approve(phone.pending().get(0), oneEventId);
        long onOneApproved = System.nanoTime();
        int onOneAnswered = 0;
        for (CompletableFuture<HttpResponse<String>> poll : onOne) {
            HttpResponse<String> response = poll.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 200 && response.body().contains("answered")) {
                onOneAnswered++;
            }
        }
        long onOneAllDoneMs = (System.nanoTime() - onOneApproved) / 1_000_000;
        useFlow(BENCH_FLOW);

        // 3. WAITERS polls parked, two per request.
        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (HttpRequest call : statusCalls) {
            parked.add(http.sendAsync(call, HttpResponse.BodyHandlers.ofString()));
            parked.add(http.sendAsync(call, HttpResponse.BodyHandlers.ofString()));
        }
        long sent = System.nanoTime();
        Thread.sleep(5000);
        long answeredEarly = parked.stream().filter(CompletableFuture::isDone).count();
        Sample many = sample(pid);
        long stillParked = parked.stream().filter(f -> !f.isDone()).count();
        long windowEndSeconds = (System.nanoTime() - sent) / 1_000_000_000;
        long heapMany = usedHeapKb(pid);

        String[] first = benchCustomers.get(0);
        DeviceClient firstPhone = new DeviceClient(new Device(realm.getBaseUrl() + "/nordic-sca-device", first[1] + "." + first[2], keys, 0), http);
        firstPhone.approve(firstPhone.pending().get(0), first[3]);
        long approved = System.nanoTime();
        parked.get(0).get(30, TimeUnit.SECONDS);
        parked.get(1).get(30, TimeUnit.SECONDS);
        double twoHeardMs = (System.nanoTime() - approved) / 1e6;
        Map<String, Integer> outcomes = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> poll : parked) {
            HttpResponse<String> response = poll.get(60, TimeUnit.SECONDS);
            String outcome = response.statusCode() == 200 ? response.body().replaceAll(".*\"status\":\"(\\w+)\".*", "$1") : String.valueOf(response.statusCode());
            outcomes.merge(outcome, 1, Integer::sum);
        }

        // 4. The same pages over time: each asks again when told "pending", as the page's script does.
        //    One window of a whole cycle (the longest wait), so each page's new poll falls in it once.
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<CompletableFuture<Void>> pages = new ArrayList<>();
        for (HttpRequest call : statusCalls.subList(1, statusCalls.size())) {
            pages.add(pageLike(call, stop));
            pages.add(pageLike(call, stop));
        }
        Thread.sleep(10_000);
        Sample steady = sample(pid, STEADY_WINDOW_SECONDS);
        stop.set(true);
        CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        String report = String.format(Locale.ROOT, """
                | App approval (%d logins after %d warm-up, loopback) | p50 | p95 |
                |---|---|---|
                | approve call returned → waiting page's long poll answered | %.1f ms | %.1f ms |
                | approve call returned → browser left the waiting page (redirect to the app) | %.1f ms | %.1f ms |

                | Keycloak process (CPU over %d s from /proc/<pid>/stat) | CPU | threads | heap in use after a full GC |
                |---|---|---|---|
                | idle (after %d sign-ins of the benchmark flow) | %.4f core | %d | %d MiB |
                | %d polls sent for one sign-in request | %.4f core | %d | |
                | %d polls parked, 2 per sign-in request (%d requests) | %.4f core | %d | %d MiB |
                | the same %d pages asking again on "pending" (window of %d s: each asks once) | %.4f core | %d | |

                - %d polls for one request: %d refused at once (429), %d answered "answered" after the approval; all done %d ms after it.
                - %d polls: %d finished before the CPU window (should be 0), %d still parked when it ended (%d s after the last was sent).
                - Approve one of the %d requests → its two polls answered: %.1f ms. Outcomes of all polls: %s.
                - %d sign-ins of the benchmark flow took %.1f s (%.0f per second, 2 threads).
                """, LOGINS, WARM_UP, ms(heard, 50), ms(heard, 95), ms(left, 50), ms(left, 95),
                CPU_WINDOW_SECONDS, requests, idle.cores(), idle.threads(), heapIdle / 1024,
                POLLS_ON_ONE, onOneSample.cores(), onOneSample.threads(),
                WAITERS, requests, many.cores(), many.threads(), heapMany / 1024,
                pages.size(), STEADY_WINDOW_SECONDS, steady.cores(), steady.threads(),
                POLLS_ON_ONE, onOneRefusedAtOnce, onOneAnswered, onOneAllDoneMs,
                WAITERS, answeredEarly, stillParked, windowEndSeconds,
                requests, twoHeardMs, outcomes,
                requests, signInSeconds, requests / signInSeconds);
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "app-approval.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** CPU of the Keycloak process over the window, and its thread count at the end. */
    private record Sample(double cores, long threads) {
    }

    private static Sample sample(long pid) throws IOException, InterruptedException {
        return sample(pid, CPU_WINDOW_SECONDS);
    }

    private static Sample sample(long pid, int windowSeconds) throws IOException, InterruptedException {
        long before = ProcessCpu.ticks(pid);
        long start = System.nanoTime();
        Thread.sleep(windowSeconds * 1000L);
        long ticks = ProcessCpu.ticks(pid) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Sample(ticks / (double) ProcessCpu.TICKS_PER_SECOND / seconds, ProcessCpu.threads(pid));
    }

    /** Customers with an active app-device credential for {@code keys}: username, user id, credential id, and later the event ID. */
    private List<String[]> importCustomers(int count, DeviceKeys keys) {
        List<String[]> customers = new ArrayList<>();
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UserRepresentation user = BulkCustomers.customer("bench-wait-" + i);
            String credentialId = UUID.randomUUID().toString();
            user.getCredentials().add(BulkCustomers.appDevice(credentialId, keys));
            users.add(user);
            customers.add(new String[] {user.getUsername(), user.getId(), credentialId, null});
        }
        BulkCustomers.importAll(realm.admin(), users);
        return customers;
    }

    /** A browser flow of Keycloak's username form and our app step, requests valid 10 minutes. */
    private void useBenchFlow() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(BENCH_FLOW);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        realm.admin().flows().createFlow(flow).close();
        realm.admin().flows().addExecution(BENCH_FLOW, Map.of("provider", "auth-username-form"));
        realm.admin().flows().addExecution(BENCH_FLOW, Map.of("provider", "nordic-sca-app-approval"));
        Map<String, String> shipped = new HashMap<>(DemoRealm.load().getAuthenticatorConfig().stream()
                .filter(config -> config.getConfig().containsKey("expirySeconds")).findFirst().orElseThrow().getConfig());
        shipped.putAll(Map.of("pushSender", "none", "expirySeconds", "600", "pushesPerWindow", "50", "windowMinutes", "1"));
        for (AuthenticationExecutionInfoRepresentation execution : realm.admin().flows().getExecutions(BENCH_FLOW)) {
            execution.setRequirement("REQUIRED");
            realm.admin().flows().updateExecutions(BENCH_FLOW, execution);
            if ("nordic-sca-app-approval".equals(execution.getProviderId())) {
                AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                config.setAlias("bench app approval");
                config.setConfig(shipped);
                realm.admin().flows().newExecutionConfig(execution.getId(), config).close();
            }
        }
        useFlow(BENCH_FLOW);
    }

    private void useFlow(String alias) {
        BenchFlows.useFlow(realm.admin(), alias);
    }

    /** Signs every customer in (username only) up to the waiting page; its status call, in customer order. */
    private List<HttpRequest> signInAll(List<String[]> customers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<HttpRequest>> calls = new ArrayList<>();
        for (String[] customer : customers) {
            calls.add(pool.submit(() -> {
                Page waiting = new Browser(urls.getBase()).open(OidcClient.demo(realm.getBaseUrl()).authorizationUrl())
                        .form("kc-form-login").set("username", customer[0]).submit();
                assertTrue(AppStep.isWaitingPage(waiting), waiting.body());
                customer[3] = AppStep.eventId(waiting);
                return status(waiting);
            }));
        }
        List<HttpRequest> result = new ArrayList<>();
        for (Future<HttpRequest> call : calls) {
            result.add(call.get());
        }
        pool.shutdown();
        return result;
    }

    /** A waiting page's script: poll, and on "pending" poll again, until told to stop. */
    private CompletableFuture<Void> pageLike(HttpRequest call, java.util.concurrent.atomic.AtomicBoolean stop) {
        return http.sendAsync(call, HttpResponse.BodyHandlers.ofString()).thenCompose(response ->
                response.statusCode() == 200 && response.body().contains("\"pending\"") && !stop.get()
                        ? pageLike(call, stop) : CompletableFuture.completedFuture(null));
    }

    private static HttpRequest status(Page waiting) {
        String url = waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url");
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90)).GET().build();
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
