package io.nordicsca.it.bench.load;

import java.util.List;

import io.nordicsca.it.bench.BenchmarkServerConfig;
import io.nordicsca.it.bench.ProcessCpu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * The load driver on the test framework's single server (port 8080, unpinned): a quick look
 * without the cluster's distributions. Run:
 * {@code ./mvnw -B verify -pl integration-tests -am -Dtest=LoginLoadOnTestServerBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = BenchmarkServerConfig.class)
public class LoginLoadOnTestServerBenchmark {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void loginsPerFlowOnTheTestServer() throws Exception {
        long pid = ProcessCpu.testServerPid();
        LoadTarget server = new LoadTarget() {
            @Override
            public String name() {
                return "test server";
            }

            @Override
            public String baseUrl() {
                return urls.getBase();
            }

            @Override
            public Keycloak admin() {
                return admin;
            }

            @Override
            public List<Long> serverPids() {
                return List.of(pid);
            }

            @Override
            public String placement() {
                return "the test framework's server, not pinned";
            }
        };
        LoadSettings settings = LoadSettings.fromSystemProperties();
        try {
            LoadRun.Result result = LoadRun.run(server, settings);
            LoadReport.write(LoadReport.render(List.of(result), settings, "./mvnw -B verify -pl integration-tests -am "
                    + "-Dtest=LoginLoadOnTestServerBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false"));
        } finally {
            admin.realm(LoadRun.REALM).remove();
        }
    }
}
