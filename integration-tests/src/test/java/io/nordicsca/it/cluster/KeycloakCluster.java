package io.nordicsca.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.ServerOptions;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Two (or one) Keycloak {@value #VERSION_PROPERTY} nodes on loopback, as production runs them:
 * {@code kc.sh start --optimized} processes sharing the PostgreSQL database {@code cluster}, clustered
 * by Keycloak's default {@code jdbc-ping} JGroups stack (discovery through that database), behind
 * the {@link TestProxy} with one hostname.
 *
 * <p>Maven unpacks the distribution into {@code target/cluster/dist} with our jars in
 * {@code providers/}; {@link #start} builds it once ({@code kc.sh build}) and copies it per node.
 * The database must be running ({@code scripts/postgresql.sh start}, then its {@code env} exported,
 * as test.sh does); it is emptied at each start. Node processes never outlive the JVM: a shutdown
 * hook kills whatever {@link #close} did not stop.
 */
public final class KeycloakCluster implements AutoCloseable {

    static final String VERSION_PROPERTY = "keycloak.version";
    public static final String ADMIN_USERNAME = "cluster-admin";
    public static final String ADMIN_PASSWORD = "Admin-" + random();

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Path DIR = Path.of(System.getProperty("nordicsca.cluster.dir",
            Path.of(System.getProperty("nordicsca.project.root", ".."), "integration-tests", "target", "cluster").toString()))
            .toAbsolutePath().normalize();
    private static final Path PROJECT_ROOT = Path.of(System.getProperty("nordicsca.project.root", "..")).toAbsolutePath().normalize();
    private static final List<String> NAMES = List.of("a", "b");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static volatile KeycloakCluster shared;

    private final List<KeycloakNode> nodes = new ArrayList<>();
    private final TestProxy proxy;
    private final Database database = Database.fromEnvironment();
    private Keycloak admin;

    private KeycloakCluster(int count) throws IOException {
        if (count < 1 || count > NAMES.size()) {
            throw new IllegalArgumentException("1 or 2 nodes, not " + count);
        }
        Path dist = distribution();
        build(dist);
        for (int i = 0; i < count; i++) {
            String name = NAMES.get(i);
            Path home = DIR.resolve("node-" + name);
            killLeftOvers(home);
            copy(dist, home);
            Files.deleteIfExists(DIR.resolve("node-" + name + ".log"));
            nodes.add(new KeycloakNode(name, 8180 + i, 9180 + i, 7800 + i, home, DIR.resolve("node-" + name + ".log")));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(KeycloakNode::killForcibly), "cluster-nodes-killer"));
        proxy = new TestProxy(this::nodes);
    }

    /**
     * Builds the distribution, empties the database and starts {@code nodes} nodes, one after the
     * other (the first one creates the schema), each ready on its health check and the last one
     * seeing all of them in its cluster view.
     */
    public static KeycloakCluster start(int nodes) {
        KeycloakCluster cluster = null;
        try {
            cluster = new KeycloakCluster(nodes);
            cluster.database.empty();
            for (KeycloakNode node : cluster.nodes) {
                cluster.launch(node);
            }
            return cluster;
        } catch (IOException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /**
     * The two-node cluster of this JVM with the demo realm imported, started on first use, its
     * nodes killed at JVM end; a node killed by an earlier test is started again. The proxy is sticky.
     */
    public static synchronized KeycloakCluster shared() {
        if (shared == null) {
            KeycloakCluster cluster = start(2);
            cluster.importDemoRealm();
            shared = cluster;
        }
        for (KeycloakNode node : shared.nodes) {
            if (!node.isAlive()) {
                shared.launch(node);
            }
        }
        shared.proxy.sticky();
        return shared;
    }

    public KeycloakNode node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    public List<KeycloakNode> nodes() {
        return List.copyOf(nodes);
    }

    public TestProxy proxy() {
        return proxy;
    }

    /** The proxy's URL: what browsers and apps use. */
    public String baseUrl() {
        return proxy.url();
    }

    /** The master realm's admin, through the proxy. */
    public synchronized Keycloak adminClient() {
        if (admin == null) {
            admin = Keycloak.getInstance(proxy.url(), "master", ADMIN_USERNAME, ADMIN_PASSWORD, "admin-cli");
        }
        return admin;
    }

    /** The demo realm as {@link DemoRealm} reads it (realm-config/nordic-bank-realm.json), created unless it exists. */
    public RealmResource importDemoRealm() {
        RealmResource realm = adminClient().realm(DemoRealm.NAME);
        if (adminClient().realms().findAll().stream().noneMatch(existing -> DemoRealm.NAME.equals(existing.getRealm()))) {
            adminClient().realms().create(DemoRealm.load());
        }
        return realm;
    }

    /** The demo realm's URL through the proxy (what {@code ManagedRealm.getBaseUrl()} is to the single server). */
    public String demoRealmUrl() {
        return proxy.url() + "/realms/" + DemoRealm.NAME;
    }

    /** SIGKILL: the node's JVM dies at once, with no shutdown and no goodbye to the cluster. */
    public void kill(String name) {
        node(name).killForcibly();
    }

    /** Starts a stopped or killed node again and waits until it is ready and back in the cluster. */
    public void restart(String name) {
        KeycloakNode node = node(name);
        node.killForcibly();
        launch(node);
    }

    /** Stops and starts the PostgreSQL server (scripts/postgresql.sh restart): the data stays. */
    public void restartPostgres() {
        run(List.of(PROJECT_ROOT.resolve("scripts/postgresql.sh").toString(), "restart"), Map.of(), Duration.ofMinutes(2));
    }

    /** Waits until every running node answers its readiness check (which includes the database). */
    public void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (KeycloakNode node : nodes) {
            URI ready = URI.create(node.managementUrl() + "/health/ready");
            while (node.isAlive() && !isReady(ready)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node + " is not ready again within " + START_TIMEOUT);
                }
                sleep(250);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        nodes.parallelStream().forEach(KeycloakNode::stop);
        proxy.close();
    }

    private void launch(KeycloakNode node) {
        List<String> command = new ArrayList<>(List.of(node.home().resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + node.httpPort(),
                "--http-management-port=" + node.managementPort(),
                "--hostname=" + TestProxy.URL,
                "--db-url=" + database.jdbcUrl(),
                "--db-username=" + database.user(),
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + node.jgroupsPort(),
                "--spi-cache-embedded--default--node-name=" + node.name(),
                "--shutdown-delay=0s",
                "--shutdown-timeout=2s"));
        ServerOptions.spiOptions().stream().filter(option -> !option.buildTime()).forEach(option -> command.add(option.argument()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()));
        environment(builder);
        // Secrets through the environment, not the command line (which any local user can list).
        builder.environment().put("KC_DB_PASSWORD", database.password());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long logStart = size(node.log());
        try {
            node.started(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + node, e);
        }
        awaitReady(node, logStart);
    }

    private void awaitReady(KeycloakNode node, long logStart) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI ready = URI.create(node.managementUrl() + "/health/ready");
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException(node + " exited with " + node.process().exitValue() + ":\n" + tail(node.log(), logStart));
            }
            if (isReady(ready) && inFullView(node, logStart)) {
                return;
            }
            sleep(500);
        }
        node.killForcibly();
        throw new IllegalStateException(node + " was not ready within " + START_TIMEOUT + ":\n" + tail(node.log(), logStart));
    }

    /** The node's Infinispan has logged a cluster view with every running node in it. */
    private boolean inFullView(KeycloakNode node, long logStart) {
        long running = nodes.stream().filter(other -> other == node || other.isAlive()).count();
        if (running == 1) {
            return true;
        }
        String log = tail(node.log(), logStart);
        return log.lines().anyMatch(line -> line.contains("ISPN000094") && line.contains("(" + running + ")"));
    }

    private static boolean isReady(URI ready) {
        try {
            return HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path distribution() {
        Path dist = DIR.resolve("dist").resolve("keycloak-" + System.getProperty(VERSION_PROPERTY, "26.7.0"));
        if (!Files.isExecutable(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(dist + " is missing: Maven unpacks it (integration-tests pom, process-test-classes)");
        }
        return dist;
    }

    /** {@code kc.sh build}: the build-time options, once for all nodes. */
    private static void build(Path dist) {
        String features = ServerOptions.FEATURES.stream().map(feature -> feature.getKey()).collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--cache=ispn",
                "--health-enabled=true", "--features=" + features));
        ServerOptions.spiOptions().stream().filter(ServerOptions.SpiOption::buildTime).forEach(option -> command.add(option.argument()));
        run(command, Map.of(), Duration.ofMinutes(5));
    }

    /** Runs a command to its end; fails with its output unless it exits with 0. */
    static void run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            environment(builder);
            builder.environment().putAll(env);
            Path output = Files.createTempFile("nordic-sca-cluster", ".log");
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command + " took longer than " + timeout);
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " " + command.get(1) + " exited with " + process.exitValue() + ":\n" + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The test JVM's environment, without Keycloak settings meant for the test framework's server (KC_*). */
    private static void environment(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("JAVA_OPTS"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx768m");
    }

    /**
     * Kills node processes an earlier test JVM of this checkout left behind (one killed itself by
     * SIGKILL runs no shutdown hook): those whose command line names this node's directory.
     */
    private static void killLeftOvers(Path home) {
        String marker = home.toString() + "/";
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .forEach(process -> {
                    process.destroyForcibly();
                    process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            delete(to);
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static boolean await(Process process, int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The node's log from a mark on. */
    static String tail(Path file, long from) {
        try {
            byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The shared PostgreSQL, from the environment scripts/postgresql.sh env exports. */
    record Database(int port, String user, String password) {

        static final String NAME = "cluster";

        static Database fromEnvironment() {
            String port = System.getenv("NORDIC_SCA_PG_PORT");
            String user = System.getenv("NORDIC_SCA_PG_USER");
            String password = System.getenv("NORDIC_SCA_PG_PASSWORD");
            if (port == null || user == null || password == null) {
                throw new IllegalStateException("The cluster needs PostgreSQL: scripts/postgresql.sh start; "
                        + "eval \"$(scripts/postgresql.sh env)\" (test.sh does both)");
            }
            return new Database(Integer.parseInt(port), user, password);
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + NAME;
        }

        /** Drops everything an earlier cluster left in the database (the role owns its public schema). */
        void empty() {
            run(List.of(psql(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", user, "-d", NAME, "-v", "ON_ERROR_STOP=1", "-q",
                    "-c", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"), Map.of("PGPASSWORD", password), Duration.ofMinutes(1));
        }

        private static String psql() {
            if (Files.isExecutable(Path.of("/usr/bin/psql"))) {
                return "/usr/bin/psql";
            }
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(version -> version.resolve("bin/psql")).filter(Files::isExecutable)
                        .sorted().reduce((first, second) -> second)
                        .orElseThrow(() -> new IllegalStateException("no psql")).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
