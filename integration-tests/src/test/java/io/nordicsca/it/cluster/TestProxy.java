package io.nordicsca.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load balancer in front of the {@link KeycloakCluster}: one hostname
 * (http://localhost:{@value #PORT}) for every node, in-process (JDK HttpServer and HttpClient).
 * Each request goes to one node, unchanged (the Host header stays the proxy's); the answer is
 * streamed back as it comes, so a long poll waits as long as the node holds it.
 *
 * <p>Modes: {@link #sticky()} follows the route Keycloak appends to the {@code AUTH_SESSION_ID}
 * cookie (the node that owns the sign-in), {@link #roundRobin()} ignores it, and {@link #pin}
 * sends everything to one node (how a test says "the browser now talks to node B"). A request
 * with the header {@value #NODE_HEADER} goes to the node it names whatever the mode, so browsers
 * of one test can talk to different nodes at once ({@code Browser.header}). A node that is down is
 * skipped, as a load balancer's health check would, except when named.
 */
public final class TestProxy implements AutoCloseable {

    public static final int PORT = 8100;
    public static final String URL = "http://localhost:" + PORT;

    /** Names the node for one request (the header is not forwarded). */
    public static final String NODE_HEADER = "X-Test-Node";

    private static final String AUTH_SESSION_COOKIE = "AUTH_SESSION_ID";
    /** Hop-by-hop headers and those HttpClient sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");
    private static final boolean HOST_ALLOWED = Optional.ofNullable(System.getProperty("jdk.httpclient.allowRestrictedHeaders"))
            .map(value -> List.of(value.toLowerCase(Locale.ROOT).split(",")).contains("host")).orElse(false);

    private enum Mode { STICKY, ROUND_ROBIN, PINNED }

    private final Supplier<List<KeycloakNode>> nodes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(threads)
            .build();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private final List<Served> journal = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private volatile Mode mode = Mode.STICKY;
    private volatile String pinned;

    TestProxy(Supplier<List<KeycloakNode>> nodes) throws IOException {
        this.nodes = nodes;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 200);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return URL;
    }

    /** By the route in the sign-in's cookie; round robin when there is none or its node is down. */
    public TestProxy sticky() {
        mode = Mode.STICKY;
        return this;
    }

    /** Every request to the next node in turn, whatever its cookies say. */
    public TestProxy roundRobin() {
        mode = Mode.ROUND_ROBIN;
        return this;
    }

    /** Every request to this node. */
    public TestProxy pin(String node) {
        pinned = node;
        mode = Mode.PINNED;
        return this;
    }

    /** How many requests each node has been sent, by node name (to show where a flow ran). */
    public Map<String, Long> served() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        served.forEach((node, count) -> counts.put(node, count.get()));
        return counts;
    }

    /** One forwarded request: the node that served it and the route its sign-in cookie named (null: none). */
    public record Served(String node, String route, String path) {
    }

    /** Every request forwarded since the proxy started, in order; {@code journal().size()} marks a point to look from. */
    public List<Served> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    KeycloakNode choose(HttpExchange exchange) {
        List<KeycloakNode> all = nodes.get();
        String named = exchange.getRequestHeaders().getFirst(NODE_HEADER);
        if (named == null && mode == Mode.PINNED) {
            named = pinned;
        }
        if (named != null) {
            String name = named;
            return all.stream().filter(node -> node.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node " + name));
        }
        List<KeycloakNode> alive = all.stream().filter(KeycloakNode::isAlive).toList();
        if (alive.isEmpty()) {
            return null;
        }
        if (mode == Mode.STICKY) {
            Optional<String> route = route(exchange.getRequestHeaders().get("Cookie"));
            Optional<KeycloakNode> owner = route.flatMap(name -> alive.stream().filter(node -> node.name().equals(name)).findFirst());
            if (owner.isPresent()) {
                return owner.get();
            }
        }
        return alive.get(Math.floorMod(next.getAndIncrement(), alive.size()));
    }

    /** The route Keycloak appended to the sign-in's cookie: {@code AUTH_SESSION_ID=<id>.<route>}. */
    static Optional<String> route(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return Optional.empty();
        }
        for (String header : cookieHeaders) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(AUTH_SESSION_COOKIE)) {
                    int dot = pair[1].indexOf('.');
                    if (dot > 0 && dot < pair[1].length() - 1) {
                        return Optional.of(pair[1].substring(dot + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            KeycloakNode node = choose(exchange);
            if (node == null) {
                reply(exchange, 503, "no node is up");
                return;
            }
            served.computeIfAbsent(node.name(), name -> new AtomicLong()).incrementAndGet();
            journal.add(new Served(node.name(), route(exchange.getRequestHeaders().get("Cookie")).orElse(null), exchange.getRequestURI().getPath()));
            URI target = URI.create(node.baseUrl() + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (NOT_FORWARDED.contains(lower) || lower.equals(NODE_HEADER.toLowerCase(Locale.ROOT)) || (lower.equals("host") && !HOST_ALLOWED)) {
                    return;
                }
                values.forEach(value -> request.header(name, value));
            });
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpTimeoutException e) {
                reply(exchange, 502, node + " did not answer: " + e);
                return;
            } catch (IOException e) {
                reply(exchange, 502, node + " failed: " + e);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : length < 0 ? 0 : length == 0 ? -1 : length);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The browser or the node went away in the middle of an answer: nothing to tell anyone.
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
