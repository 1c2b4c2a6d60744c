package io.nordicsca.it.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nordicsca.it.cluster.KeycloakCluster;
import io.nordicsca.it.cluster.KeycloakNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * Load driver, not a test (never in ./test.sh): full logins per flow at fixed arrival rates on one
 * Keycloak node and then on two ({@link KeycloakCluster} on PostgreSQL, both behind its proxy,
 * round robin), each node's JVM pinned to its own CPU with {@code taskset} once it is up; then the
 * approval sent to node B while the browser's long poll is parked on node A. Writes
 * target/load-report.md. Run from the project root (test.sh starts and stops the tests' PostgreSQL;
 * the whole machine should be otherwise idle):
 * <pre>
 * ./test.sh -Dtest=LoginLoadBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Knobs: {@code -Dbench.load.targets=1,2}, {@code -Dbench.load.rates.1-node=3,5,6}, {@code -Dbench.load.rates.2-nodes=...},
 * {@code -Dbench.load.seconds=15}, {@code -Dbench.load.flows=password,otp,code-card,sms,app} (see {@link LoadSettings}).
 */
@Tag("benchmark")
public class LoginLoadBenchmark {

    static final String COMMAND = "./test.sh -Dtest=LoginLoadBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false";

    @Test
    void loginsPerFlowOnOneNodeAndOnTwo() throws Exception {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        List<LoadRun.Result> results = new ArrayList<>();
        for (int nodes : Arrays.stream(System.getProperty("bench.load.targets", "1,2").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray()) {
            try (KeycloakCluster cluster = KeycloakCluster.start(nodes)) {
                results.add(LoadRun.run(new ClusterTarget(cluster), settings));
            }
        }
        LoadReport.write(LoadReport.render(results, settings, COMMAND));
    }

    /** A cluster as the load driver sees it: the proxy, round robin, and each node's JVM on a CPU of its own. */
    static final class ClusterTarget implements LoadTarget {
        private final KeycloakCluster cluster;
        private final String placement;

        ClusterTarget(KeycloakCluster cluster) throws IOException, InterruptedException {
            this.cluster = cluster;
            cluster.proxy().roundRobin();
            List<String> pinned = new ArrayList<>();
            List<KeycloakNode> nodes = cluster.nodes();
            for (int cpu = 0; cpu < nodes.size(); cpu++) {
                pinned.add("node " + nodes.get(cpu).name() + " on CPU " + pin(nodes.get(cpu).pid(), cpu));
            }
            this.placement = String.join(", ", pinned) + " (taskset, all threads, after start); driver, proxy and PostgreSQL unpinned; "
                    + "through the proxy, round robin";
        }

        /** {@code taskset -a -p -c <cpu> <pid>}: every thread of the JVM, and the threads it makes later, on that CPU. */
        private static String pin(long pid, int cpu) throws IOException, InterruptedException {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", String.valueOf(cpu), String.valueOf(pid)).redirectErrorStream(true).start();
            String output = new String(taskset.getInputStream().readAllBytes());
            if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
                return cpu + " NOT pinned (" + output.trim() + ")";
            }
            return String.valueOf(cpu);
        }

        @Override
        public String name() {
            return cluster.nodes().size() == 1 ? "1 node" : cluster.nodes().size() + " nodes";
        }

        @Override
        public String baseUrl() {
            return cluster.baseUrl();
        }

        @Override
        public Keycloak admin() {
            return cluster.adminClient();
        }

        @Override
        public List<Long> serverPids() {
            return cluster.nodes().stream().map(KeycloakNode::pid).toList();
        }

        @Override
        public String placement() {
            return placement;
        }

        @Override
        public List<String> nodes() {
            return cluster.nodes().stream().map(KeycloakNode::name).toList();
        }

        @Override
        public void pin(String node) {
            cluster.proxy().pin(node);
        }

        @Override
        public void spread() {
            cluster.proxy().roundRobin();
        }
    }
}
