package io.nordicsca.it.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.nordicsca.it.bench.Percentiles;

/** The Markdown report of a load run: per target, flow and rate; then saturation side by side; then approve → browser. */
final class LoadReport {

    static final String OTP = "otp";

    private LoadReport() {
    }

    static double ms(List<Long> nanos, int percentile) {
        return nanos.isEmpty() ? Double.NaN : Percentiles.ms(nanos, percentile);
    }

    static long nanos(List<Long> nanos, int percentile) {
        return nanos.isEmpty() ? Long.MAX_VALUE : Math.round(Percentiles.ms(nanos, percentile) * 1e6);
    }

    /** The highest step before saturation, or null when even the first rate saturated. */
    static OpenModel.Step saturation(List<OpenModel.Step> steps) {
        OpenModel.Step best = null;
        for (OpenModel.Step step : steps) {
            if (LoadRun.saturated(step)) {
                break;
            }
            if (best == null || step.achievedPerSecond() > best.achievedPerSecond()) {
                best = step;
            }
        }
        return best;
    }

    static String render(List<LoadRun.Result> results, LoadSettings settings, String command) {
        StringBuilder out = new StringBuilder();
        out.append("# Load per flow (open model)\n\n");
        out.append(String.format(Locale.ROOT, "Run %s. Machine: %s; %d vCPU shared by the load driver, every Keycloak node and PostgreSQL; Java %s; Keycloak %s.%n%n",
                Instant.now().toString().substring(0, 16) + "Z", cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("keycloak.version", "?")));
        out.append("```\n").append(command).append("\n```\n\n");
        out.append(settings.describe()).append(". Latency from each login's scheduled start to its tokens; "
                + "saturation: the highest achieved rate before p95 > 2 s or any error.\n\n");
        out.append(summary(results)).append('\n');
        for (LoadRun.Result result : results) {
            out.append("## ").append(result.target().name()).append(" (").append(result.placement()).append(")\n\n");
            out.append("| Flow | offered/s | achieved/s | ok | errors | p50 | p95 | p99 | Keycloak CPU per login | logins/s per Keycloak vCPU | Keycloak cores | driver (+ proxy) cores | machine busy cores | late starts (max) |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, List<OpenModel.Step>> flow : result.steps().entrySet()) {
                for (OpenModel.Step s : flow.getValue()) {
                    out.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %d | %d | %.0f ms | %.0f ms | %.0f ms | %.1f ms | %.1f | %.2f | %.2f | %.2f | %d (%.0f ms) |%n",
                            flow.getKey(), s.offeredPerSecond(), s.achievedPerSecond(), s.succeeded(), s.failed(),
                            ms(s.latencies(), 50), ms(s.latencies(), 95), ms(s.latencies(), 99),
                            s.serverCpuSecondsPerLogin() * 1000, s.loginsPerServerCpuSecond(), s.serverCores(), s.driverCores(), s.machineCores(),
                            s.lateStarts(), s.maxStartLagNanos() / 1e6));
                }
            }
            out.append('\n');
            String errors = result.steps().entrySet().stream().flatMap(flow -> flow.getValue().stream()
                            .filter(s -> !s.errors().isEmpty())
                            .map(s -> String.format(Locale.ROOT, "- %s at %.1f/s: %s", flow.getKey(), s.offeredPerSecond(), s.errors())))
                    .collect(Collectors.joining("\n"));
            if (!errors.isEmpty()) {
                out.append("Errors:\n\n").append(errors).append("\n\n");
            }
            String waits = result.waitsForCustomers().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            if (!waits.isEmpty()) {
                out.append("Logins that waited for a free customer (the driver's pool ran short; the wait counts in their latency): ")
                        .append(waits).append(".\n\n");
            }
        }
        out.append(crossNode(results));
        return out.toString();
    }

    private static String summary(List<LoadRun.Result> results) {
        StringBuilder out = new StringBuilder("## Saturation side by side\n\n| Flow |");
        StringBuilder rule = new StringBuilder("|---|");
        for (LoadRun.Result result : results) {
            out.append(" ").append(result.target().name()).append(": logins/s | per Keycloak vCPU | ÷ OTP's per vCPU |");
            rule.append("---|---|---|");
        }
        if (results.size() == 2) {
            out.append(" ").append(results.get(1).target().name()).append(" ÷ ").append(results.get(0).target().name()).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        for (String flow : results.get(0).steps().keySet()) {
            out.append("| ").append(results.get(0).labels().get(flow)).append(" |");
            double[] rates = new double[results.size()];
            for (int i = 0; i < results.size(); i++) {
                LoadRun.Result result = results.get(i);
                OpenModel.Step at = saturation(result.steps().getOrDefault(flow, List.of()));
                OpenModel.Step otp = saturation(result.steps().getOrDefault(OTP, List.of()));
                rates[i] = at == null ? Double.NaN : at.achievedPerSecond();
                if (at == null) {
                    out.append(" below the first rate | | |");
                    continue;
                }
                boolean reached = result.steps().get(flow).stream().anyMatch(LoadRun::saturated);
                out.append(String.format(Locale.ROOT, " %s%.2f | %.1f | %s |", reached ? "" : "≥ ", at.achievedPerSecond(), at.loginsPerServerCpuSecond(),
                        otp == null ? "— (OTP below the first rate)" : String.format(Locale.ROOT, "%.2f", at.loginsPerServerCpuSecond() / otp.loginsPerServerCpuSecond())));
            }
            if (results.size() == 2) {
                double ratio = rates[1] / rates[0];
                out.append(Double.isNaN(ratio) ? " — |" : String.format(Locale.ROOT, " %.2f |", ratio));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String crossNode(List<LoadRun.Result> results) {
        StringBuilder out = new StringBuilder("## App approval: approve → browser\n\n| Target | route | samples | approve → poll answered p50 | p95 | approve → browser left the page p50 | p95 |\n|---|---|---|---|---|---|---|\n");
        for (LoadRun.Result result : results) {
            LoadRun.CrossNode c = result.crossNode();
            if (c != null) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", result.target().name(), c.route(), c.heard().size(),
                        ms(c.heard(), 50), ms(c.heard(), 95), ms(c.left(), 50), ms(c.left(), 95)));
            }
        }
        return out.append('\n').toString();
    }

    static void write(String markdown) throws IOException {
        Path out = Path.of("target", "load-report.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        System.out.println(markdown);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?")
                    + ", " + Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", "") .transform(kb -> Long.parseLong(kb) / 1024 / 1024) + " GiB";
        } catch (IOException e) {
            return "?";
        }
    }
}
