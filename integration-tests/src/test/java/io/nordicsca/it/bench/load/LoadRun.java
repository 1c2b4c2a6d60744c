package io.nordicsca.it.bench.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nordicsca.companion.Challenge;
import io.nordicsca.it.bench.BenchFlows;
import io.nordicsca.it.bench.ProcessCpu;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.TwilioStandIn;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * One load run on one target: the bench realm and its customers, a warm-up per flow, then per
 * flow the rates of {@link LoadSettings} in turn until one saturates (p95 above 2 s or any error),
 * and the approve-to-browser latency (across nodes when the target has two).
 */
final class LoadRun {

    static final String REALM = "nordic-bank-load";
    static final long SATURATED_P95_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What one target gave: per flow its steps, and the approve-to-browser latencies. */
    record Result(LoadTarget target, String placement, Map<String, List<OpenModel.Step>> steps, Map<String, String> labels,
                  Map<String, Integer> waitsForCustomers, CrossNode crossNode) {
    }

    /** Approve → the waiting page's poll answered, and → the browser left the page; nanoseconds. */
    record CrossNode(String route, List<Long> heard, List<Long> left) {
    }

    private LoadRun() {
    }

    static Result run(LoadTarget target, LoadSettings settings) throws Exception {
        TwilioStandIn.shared();
        RealmRepresentation realm = BenchFlows.demoRealm(
                Map.of("sender", "twilio", "sendsPerUser", "50", "sendsPerNumber", "50", "sendsPerAddress", "1000",
                        "sendsPerRealm", "100000", "limitWindowMinutes", "1"),
                Map.of("pushSender", "none", "pushesPerWindow", "50", "windowMinutes", "1"));
        realm.setRealm(REALM);
        realm.setId(REALM);
        target.admin().realms().create(realm);
        Site site = Site.of(target, REALM);

        List<LoadFlow<?>> flows = LoadFlow.all().stream().filter(flow -> settings.flows().contains(flow.name)).toList();
        for (LoadFlow<?> flow : flows) {
            // Keycloak refuses a TOTP code twice, so the OTP flow needs a customer per login and 30 s period.
            int customers = flow instanceof LoadFlow.KeycloakOtp
                    ? Math.max(settings.customersPerFlow(), (int) (settings.maxRate(target.name()) * 45)) : settings.customersPerFlow();
            long start = System.nanoTime();
            flow.prepare(site, customers);
            log("%s: %d customers ready in %.1f s", flow.name, customers, (System.nanoTime() - start) / 1e9);
        }

        Map<String, List<OpenModel.Step>> steps = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> waits = new LinkedHashMap<>();
        // Every flow warmed up before any is measured, so the first measured is no colder than the last.
        for (LoadFlow<?> flow : flows) {
            BenchFlows.useFlow(site.admin(), flow.realmFlow);
            Thread.sleep(1000);
            OpenModel.Step warmUp = OpenModel.run(settings.warmUpRate(), settings.warmUpSeconds(), () -> flow.login(site), () -> 0);
            log("%s warm-up: %d ok, %d failed %s", flow.name, warmUp.succeeded(), warmUp.failed(), warmUp.errors());
        }
        for (LoadFlow<?> flow : flows) {
            BenchFlows.useFlow(site.admin(), flow.realmFlow);
            Thread.sleep(1000);
            flow.pool().takeWaits();
            List<OpenModel.Step> flowSteps = new ArrayList<>();
            for (double rate : settings.rates(target.name())) {
                Thread.sleep(2000);
                OpenModel.Step step = OpenModel.run(rate, settings.stepSeconds(), () -> flow.login(site), () -> serverTicks(target));
                flowSteps.add(step);
                log("%s %s at %.1f/s: achieved %.2f/s, %d failed, p95 %.0f ms, %.1f ms CPU/login, late starts %d (max %.0f ms) %s",
                        target.name(), flow.name, rate, step.achievedPerSecond(), step.failed(), LoadReport.ms(step.latencies(), 95),
                        step.serverCpuSecondsPerLogin() * 1000, step.lateStarts(), step.maxStartLagNanos() / 1e6, step.errors());
                if (saturated(step)) {
                    break;
                }
            }
            steps.put(flow.name, flowSteps);
            labels.put(flow.name, flow.label);
            waits.put(flow.name, flow.pool().takeWaits());
        }

        CrossNode crossNode = null;
        LoadFlow<?> app = flows.stream().filter(flow -> flow instanceof LoadFlow.App).findFirst().orElse(null);
        if (app != null && settings.crossNodeSamples() > 0) {
            BenchFlows.useFlow(site.admin(), app.realmFlow);
            Thread.sleep(1000);
            crossNode = approveToBrowser(site, (LoadFlow.App) app, settings.crossNodeSamples());
        }
        target.spread();
        return new Result(target, target.placement(), steps, labels, waits, crossNode);
    }

    static boolean saturated(OpenModel.Step step) {
        return step.failed() > 0 || step.latencies().isEmpty() || LoadReport.nanos(step.latencies(), 95) > SATURATED_P95_NANOS;
    }

    /**
     * With the cluster otherwise idle: the browser signs in on node A and its waiting page's long
     * poll parks there; then the phone's approval goes to node B; the clock starts when the approve
     * call returns. On one node, both on that node.
     */
    private static CrossNode approveToBrowser(Site site, LoadFlow.App app, int samples) throws Exception {
        List<String> nodes = site.target().nodes();
        boolean cross = nodes.size() >= 2;
        String route = cross ? "poll parked on node " + nodes.get(0) + ", approval sent to node " + nodes.get(1) : "one node";
        List<Long> heard = new ArrayList<>(), left = new ArrayList<>();
        int warmUp = 10;
        for (int i = 0; i < warmUp + samples; i++) {
            LoadFlow.App.PhoneCustomer customer = app.pool().take();
            if (cross) {
                site.target().pin(nodes.get(0));
            }
            OidcClient oidc = site.app();
            Page waiting = PasswordStep.signIn(site.browser(), oidc, customer.username, BenchFlows.PASSWORD);
            String eventId = AppStep.eventId(waiting);
            HttpRequest status = HttpRequest.newBuilder(URI.create(LoadFlow.App.statusUrl(waiting))).timeout(Site.REQUEST_TIMEOUT).GET().build();
            CompletableFuture<HttpResponse<String>> poll = site.http().sendAsync(status, HttpResponse.BodyHandlers.ofString());
            Thread.sleep(50); // parked on the server, as a real page's poll would be
            if (cross) {
                site.target().pin(nodes.get(1));
            }
            Challenge challenge = customer.phone.pending().stream().max(Comparator.comparingLong(Challenge::requestedAt)).orElseThrow();
            customer.phone.approve(challenge, eventId);
            long approved = System.nanoTime();
            HttpResponse<String> answer = poll.get(30, TimeUnit.SECONDS);
            long heardAt = System.nanoTime();
            if (answer.statusCode() != 200 || !answer.body().contains("answered")) {
                throw new AssertionError("the parked poll answered " + answer.statusCode() + " " + answer.body());
            }
            Page done = AppStep.continueAfterAnswer(waiting);
            long leftAt = System.nanoTime();
            if (oidc.exchange(done.redirectedAwayTo()).status() != 200) {
                throw new AssertionError("no tokens after the cross-node approval");
            }
            app.pool().giveBack(customer);
            if (i >= warmUp) {
                heard.add(heardAt - approved);
                left.add(leftAt - approved);
            }
        }
        return new CrossNode(route, heard, left);
    }

    private static long serverTicks(LoadTarget target) {
        return target.serverPids().stream().mapToLong(ProcessCpu::ticks).sum();
    }

    static void log(String format, Object... args) {
        System.out.printf(java.util.Locale.ROOT, "[load] " + format + "%n", args);
    }
}
