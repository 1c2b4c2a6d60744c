package io.nordicsca.demoweb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the realm's endpoints the web app calls server to server (discovery, JWKS, PAR,
 * token, CIBA's backchannel authentication), answering what a test sets and recording what it was sent. The browser's side
 * (the authorization endpoint) is never called: tests read the redirect and come back themselves.
 */
final class FakeRealm implements AutoCloseable {

    private static final String OIDC = "/realms/test/protocol/openid-connect";

    final TestTokens keys = new TestTokens("fake-realm-key");
    final List<Map<String, String>> parRequests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> cibaRequests = new CopyOnWriteArrayList<>();
    volatile int cibaStatus = 200;
    volatile String cibaAnswer = "{\"auth_req_id\":\"fake-auth-req-1\",\"expires_in\":120,\"interval\":2}";
    volatile int parStatus = 201;
    volatile String parAnswer = "{\"request_uri\":\"urn:ietf:params:oauth:request_uri:fake-1\",\"expires_in\":60}";
    volatile int tokenStatus = 200;
    volatile String tokenAnswer = "{}";

    private final HttpServer server;
    final String issuer;

    FakeRealm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/realms/test/.well-known/openid-configuration" -> answer(exchange, 200, Json.text(Map.of(
                        "issuer", issuer,
                        "authorization_endpoint", issuer + "/protocol/openid-connect/auth",
                        "token_endpoint", issuer + "/protocol/openid-connect/token",
                        "jwks_uri", issuer + "/protocol/openid-connect/certs",
                        "pushed_authorization_request_endpoint", issuer + "/protocol/openid-connect/ext/par/request",
                        "end_session_endpoint", issuer + "/protocol/openid-connect/logout",
                        "backchannel_authentication_endpoint", issuer + "/protocol/openid-connect/ext/ciba/auth")));
                case OIDC + "/certs" -> answer(exchange, 200, keys.jwks());
                case OIDC + "/ext/par/request" -> {
                    parRequests.add(form(exchange));
                    answer(exchange, parStatus, parAnswer);
                }
                case OIDC + "/ext/ciba/auth" -> {
                    cibaRequests.add(form(exchange));
                    answer(exchange, cibaStatus, cibaAnswer);
                }
                case OIDC + "/token" -> {
                    tokenRequests.add(form(exchange));
                    answer(exchange, tokenStatus, tokenAnswer);
                }
                default -> answer(exchange, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return Forms.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
