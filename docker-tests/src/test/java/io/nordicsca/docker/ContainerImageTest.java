package io.nordicsca.docker;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.Network;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image that docker/Dockerfile builds, run the way docker/compose.yaml runs it: {@code start --optimized
 * --import-realm} on PostgreSQL (the compose file's image), with a code card pepper and the log senders off.
 * Needs a Docker engine and image registries, so it runs only in the Maven profile {@code docker}, never in
 * ./test.sh or CI (README, "Running in containers"); DockerFilesTest checks the files without an engine.
 */
class ContainerImageTest {

    private static final String REALM = "nordic-bank";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Network network;
    private static PostgreSQLContainer postgres;
    private static KeycloakContainer keycloak;

    @BeforeAll
    static void startTheImageOnPostgresql() {
        network = Network.newNetwork();
        postgres = new PostgreSQLContainer(DockerImageName.parse(composePostgresImage()).asCompatibleSubstituteFor("postgres"))
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withDatabaseName("keycloak")
                .withUsername("keycloak")
                .withPassword(randomSecret());
        postgres.start();

        keycloak = new KeycloakContainer(DockerBuildContext.buildImage())
                // The image is built here, never pulled.
                .withImagePullPolicy(PullPolicy.defaultPolicy())
                // start --optimized --import-realm: the image's own command, as compose.yaml runs it.
                .withOptimizedFlag()
                .withAdminPassword(randomSecret())
                .withNetwork(network)
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", postgres.getUsername())
                .withEnv("KC_DB_PASSWORD", postgres.getPassword())
                // Plain HTTP without a fixed hostname, as compose.yaml: local evaluation only.
                .withEnv("KC_HTTP_ENABLED", "true")
                .withEnv("KC_HOSTNAME_STRICT", "false")
                .withEnv("NORDIC_SCA_DEMO_PASSWORD", randomSecret())
                .withEnv("KC_SPI_CREDENTIAL__NORDIC_SCA_CODE_CARD__PEPPERS", "image-test:" + randomSecret())
                .withRamPercentage(10, 50)
                .withStartupTimeout(Duration.ofMinutes(5));
        keycloak.start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void theDemoRealmIsImportedIntoPostgresqlAndAnswersOpenIdDiscovery() throws Exception {
        Container.ExecResult realms = postgres.execInContainer("psql", "-U", postgres.getUsername(), "-d", "keycloak",
                "-tAc", "select name from realm");
        assertEquals(0, realms.getExitCode(), realms.getStderr());
        assertTrue(realms.getStdout().lines().anyMatch(REALM::equals), "realms in PostgreSQL: " + realms.getStdout());

        Map<String, Object> discovery = getJson("/realms/" + REALM + "/.well-known/openid-configuration");
        assertEquals(keycloak.getAuthServerUrl() + "/realms/" + REALM, discovery.get("issuer"));
    }

    @Test
    void theRealmsNordicScaDocumentNamesThisBuildsVersionAndEveryFactor() throws Exception {
        Map<String, Object> document = getJson("/realms/" + REALM + "/nordic-sca");
        assertEquals(System.getProperty("nordicsca.version"), document.get("version"));
        @SuppressWarnings("unchecked")
        Set<String> steps = ((List<Map<String, Object>>) document.get("steps")).stream()
                .map(step -> (String) step.get("id")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(steps.containsAll(Set.of("nordic-sca-code-card", "nordic-sca-sms-otp", "nordic-sca-app-approval")),
                "steps: " + steps);
        assertEquals(List.of("da", "en", "fi", "nb", "nn", "sv"), document.get("locales"));
    }

    @Test
    void serverInfoListsOurStepsCredentialsAndLoginThemeButNoLogSmsSender() {
        try (Keycloak admin = keycloak.getKeycloakAdminClient()) {
            ServerInfoRepresentation info = admin.serverInfo().getInfo();
            assertTrue(info.getProviders().get("authenticator").getProviders().keySet()
                    .containsAll(Set.of("nordic-sca-code-card", "nordic-sca-sms-otp", "nordic-sca-app-approval")));
            assertTrue(info.getProviders().get("credential").getProviders().keySet()
                    .containsAll(Set.of("nordic-sca-code-card", "nordic-sca-app-device")));
            assertTrue(info.getThemes().get("login").stream().anyMatch(theme -> theme.getName().equals("nordic-sca")));
            // The sender that writes codes to the log exists only where the server was built with it turned on.
            assertEquals(Set.of("twilio"), info.getProviders().get("nordic-sca-sms-sender").getProviders().keySet());
        }
    }

    @Test
    void theLoginPageRendersInTheNordicScaThemeInSwedish() throws Exception {
        String verifier = randomSecret();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String query = "client_id=nordic-bank-web&response_type=code&scope=openid&ui_locales=sv"
                + "&redirect_uri=" + URLEncoder.encode("http://localhost:3000/", StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        HttpResponse<String> page = get("/realms/" + REALM + "/protocol/openid-connect/auth?" + query);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("/login/nordic-sca/css/nordic-sca.css"), "the page does not use our theme's stylesheet");
        assertTrue(page.body().contains(swedish("loginAccountTitle")), "the page is not our Swedish login page");
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePostureReportOfTheImportedRealmIsClean() throws Exception {
        try (Keycloak admin = keycloak.getKeycloakAdminClient()) {
            String token = admin.tokenManager().getAccessTokenString();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create(keycloak.getAuthServerUrl() + "/admin/realms/" + REALM + "/nordic-sca/posture"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            Map<String, Object> report = parse(answer.body());
            // No weakness: the pepper is set (no codecard.no-pepper), the log senders are off (no sms.log-sender); only
            // the note that the demo bank declares its code card a possession element.
            assertEquals(List.of("codecard.possession-element"),
                    ((List<Map<String, Object>>) report.get("findings")).stream().map(finding -> finding.get("id")).toList());
            assertEquals(Boolean.TRUE, report.get("clean"));
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPort() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.getMgmtServerUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.getMgmtServerUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE"), "no Prometheus metrics on the management port");
    }

    /** The PostgreSQL image compose.yaml runs, so test and compose never drift apart. */
    static String composePostgresImage() {
        Matcher image = Pattern.compile("(?m)^  postgres:\\n(?:    .*\\n)*?    image: (\\S+)$").matcher(DockerBuildContext.read("docker/compose.yaml"));
        assertTrue(image.find(), "compose.yaml has no postgres service with an image");
        return image.group(1);
    }

    private static String swedish(String key) throws IOException {
        Properties messages = new Properties();
        messages.load(new StringReader(DockerBuildContext.read(
                "themes/src/main/resources/theme/nordic-sca/login/messages/messages_sv.properties")));
        return messages.getProperty(key);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.getAuthServerUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(path);
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return parse(answer.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
