package io.nordicsca.demoweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.nordicsca.demoweb.AuthorizationRequest.Purpose;
import io.nordicsca.demoweb.TokenRefused.Reason;

/**
 * The demo bank's web app: the JDK's HTTP server on loopback, one handler, a handful of routes.
 * <ul>
 *   <li>{@code GET /}: the start page (what the last sign-in and payment brought back);</li>
 *   <li>{@code POST /signin}, {@code POST /pay}: off to Keycloak (the payment through PAR);</li>
 *   <li>{@code GET /callback}: Keycloak's answer: the code exchanged and every check made, or the error shown;</li>
 *   <li>{@code POST /signout}: forget the customer here and at Keycloak;</li>
 *   <li>{@code GET /call-centre}, {@code POST /call-centre/identify}: the bank's agent identifies a caller
 *       through the app (CIBA, {@link CallCentre}); {@code GET /call-centre/jwks}: the call-centre
 *       system's public key, which Keycloak fetches.</li>
 * </ul>
 */
public final class DemoWebApp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoWebApp.class.getName());
    private static final int MAX_FORM_BYTES = 8192;
    private static final String JWKS_PATH = "/call-centre/jwks";

    private final Config config;
    private final Clock clock;
    private final OidcClient oidc;
    private final CallCentre callCentre;
    private final Sessions sessions;
    private final Pages pages;
    private final byte[] styleSheet;
    private final HttpServer server;
    private final ExecutorService workers;

    private DemoWebApp(Config config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.oidc = new OidcClient(config, clock);
        this.callCentre = new CallCentre(config, oidc, clock);
        this.sessions = new Sessions(clock);
        this.pages = new Pages(config, ZoneId.systemDefault());
        try (InputStream css = DemoWebApp.class.getResourceAsStream("style.css")) {
            this.styleSheet = css.readAllBytes();
        }
        // Loopback only: a demo, never meant to be reached from the network.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 50);
        this.workers = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "demo-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /** Starts the app on {@code config.port()}. */
    public static DemoWebApp start(Config config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    static DemoWebApp start(Config config, Clock clock) throws IOException {
        DemoWebApp app = new DemoWebApp(config, clock);
        app.server.start();
        return app;
    }

    public String url() {
        return config.baseUrl() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (JWKS_PATH.equals(exchange.getRequestURI().getPath()) && "GET".equals(exchange.getRequestMethod())) {
                // Keycloak's server-to-server fetch: no browser, no session.
                send(exchange, 200, "application/json", callCentre.jwks().getBytes(StandardCharsets.UTF_8));
                return;
            }
            Session session = session(exchange);
            Map<String, String> query = Forms.decode(exchange.getRequestURI().getRawQuery());
            String chosen = query.get("lang");
            if (chosen != null && Messages.LANGUAGES.contains(chosen)) {
                session.language(chosen);
            }
            Messages m = Messages.of(Messages.pick(session.language(), exchange.getRequestHeaders().getFirst("Accept-Language")));
            try {
                route(exchange, session, query, m);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Request to " + exchange.getRequestURI().getPath() + " failed", e);
                html(exchange, 500, pages.error(m, m.text("error.internal"), null, null));
            }
        }
    }

    private void route(HttpExchange exchange, Session session, Map<String, String> query, Messages m) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String expected = switch (path) {
            case "/", "/style.css", "/callback", "/call-centre", JWKS_PATH -> "GET";
            case "/signin", "/pay", "/signout", "/call-centre/identify" -> "POST";
            default -> null;
        };
        if (expected == null) {
            html(exchange, 404, pages.notFound(m));
            return;
        }
        if (!expected.equals(method)) {
            exchange.getResponseHeaders().set("Allow", expected);
            html(exchange, 405, pages.notFound(m));
            return;
        }
        Map<String, String> form = "POST".equals(method) ? readForm(exchange) : Map.of();
        if ("POST".equals(method) && !formTokenMatches(form, session)) {
            html(exchange, 403, pages.error(m, m.text("error.form"), null, null));
            return;
        }
        switch (path) {
            case "/" -> html(exchange, 200, pages.home(m, session));
            case "/style.css" -> send(exchange, 200, "text/css; charset=utf-8", styleSheet);
            case "/signin", "/pay" -> goToKeycloak(exchange, session, m, "/pay".equals(path) ? Purpose.PAYMENT : Purpose.SIGN_IN);
            case "/callback" -> callback(exchange, session, query, m);
            case "/signout" -> signOut(exchange, session, m);
            case "/call-centre" -> callCentrePage(exchange, session, query, m);
            case "/call-centre/identify" -> identify(exchange, session, form, m);
            default -> throw new IllegalStateException(path);
        }
    }

    private void goToKeycloak(HttpExchange exchange, Session session, Messages m, Purpose purpose) throws IOException {
        AuthorizationRequest request = AuthorizationRequest.start(purpose, m.language(), clock.instant());
        try {
            URI target = purpose == Purpose.PAYMENT
                    ? oidc.paymentUrl(request, DemoPayment.authorizationDetails())
                    : oidc.signInUrl(request);
            session.started(request);
            redirect(exchange, target.toString());
        } catch (KeycloakError e) {
            LOG.log(System.Logger.Level.INFO, "Keycloak refused the " + purpose + " request: " + e.error());
            html(exchange, 400, pages.error(m, m.text("error.request"), e.error(), e.description()));
        } catch (KeycloakUnreachable e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            html(exchange, 502, pages.error(m, m.text("error.unreachable", config.issuer()), null, null));
        }
    }

    /** Keycloak's answer (OAuth 2.0 §4.1.2, RFC 9207 {@code iss}): checked, exchanged, verified, remembered. */
    private void callback(HttpExchange exchange, Session session, Map<String, String> query, Messages m) throws IOException {
        Optional<AuthorizationRequest> started = session.finish(query.get("state"));
        if (started.isEmpty()) {
            html(exchange, 400, pages.error(m, m.text("error.state"), null, null));
            return;
        }
        AuthorizationRequest request = started.get();
        try {
            String issuer = query.get("iss");
            if (issuer != null && !issuer.equals(config.issuer())) {
                throw new TokenRefused(Reason.ISSUER, "iss parameter " + issuer);
            }
            if (query.get("error") != null) {
                throw new KeycloakError(query.get("error"), query.get("error_description"));
            }
            String code = query.get("code");
            if (code == null || code.isEmpty()) {
                throw new TokenRefused(Reason.MALFORMED, "no code in the redirect");
            }
            OidcClient.Tokens tokens = oidc.exchange(request, code);
            VerifiedIdToken idToken = oidc.verifier().verify(tokens.idToken(), request.nonce());
            if (!request.purpose().level().isMetBy(idToken.claim("acr"))) {
                throw new TokenRefused(Reason.LEVEL, "acr " + idToken.claim("acr"));
            }
            if (request.purpose() == Purpose.PAYMENT) {
                if (!DemoPayment.isApprovedIn(tokens.authorizationDetails())) {
                    throw new TokenRefused(Reason.PAYMENT, "authorization_details differ");
                }
                session.paid(Result.of(request.purpose(), idToken, tokens.authorizationDetails(), tokens.idToken()));
            } else {
                session.signedIn(Result.of(request.purpose(), idToken, null, tokens.idToken()));
            }
            LOG.log(System.Logger.Level.INFO, request.purpose() + " finished at " + idToken.claim("acr"));
            // Away from the URL with the code: reloading the page must not send it again.
            redirect(exchange, "/");
        } catch (KeycloakError e) {
            LOG.log(System.Logger.Level.INFO, request.purpose() + " ended with Keycloak's error " + e.error());
            html(exchange, 400, pages.error(m, m.text("error.keycloak"), e.error(), e.description()));
        } catch (TokenRefused e) {
            LOG.log(System.Logger.Level.WARNING, request.purpose() + " answer refused: " + e.reason());
            html(exchange, 400, pages.error(m, m.text(e.reason().messageKey()), null, null));
        } catch (KeycloakUnreachable e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            html(exchange, 502, pages.error(m, m.text("error.unreachable", config.issuer()), null, null));
        }
    }

    /** The call-centre page; with {@code ?id=}, that identification, asking Keycloak once more when it is due. */
    private void callCentrePage(HttpExchange exchange, Session session, Map<String, String> query, Messages m) throws IOException {
        String id = query.get("id");
        if (id == null) {
            html(exchange, 200, pages.callCentre(m, session, null, null));
            return;
        }
        Optional<Identification> identification = session.identification(id);
        if (identification.isEmpty()) {
            html(exchange, 404, pages.callCentre(m, session, null, "callCentre.unknown"));
            return;
        }
        callCentre.poll(identification.get());
        html(exchange, 200, pages.callCentre(m, session, identification.get(), null));
    }

    /** The agent sends the caller's user code: the request goes to Keycloak, the browser on to its page (reloading sends nothing again). */
    private void identify(HttpExchange exchange, Session session, Map<String, String> form, Messages m) throws IOException {
        String userCode = form.getOrDefault("user_code", "").strip();
        if (userCode.isEmpty() || userCode.length() > CallCentre.MAX_USER_CODE || userCode.chars().anyMatch(Character::isISOControl)) {
            html(exchange, 400, pages.callCentre(m, session, null, "callCentre.noUserCode"));
            return;
        }
        try {
            Identification identification = callCentre.start(userCode, m.text("callCentre.purpose"));
            session.identifying(identification);
            redirect(exchange, "/call-centre?id=" + identification.id());
        } catch (KeycloakUnreachable e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            html(exchange, 502, pages.error(m, m.text("error.unreachable", config.issuer()), null, null));
        }
    }

    private void signOut(HttpExchange exchange, Session session, Messages m) throws IOException {
        Result last = session.payment() != null ? session.payment() : session.signIn();
        session.signedOut();
        URI endSession = null;
        try {
            endSession = oidc.signOutUrl(last == null ? null : last.idToken(), m.language());
        } catch (KeycloakUnreachable e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
        redirect(exchange, endSession == null ? "/" : endSession.toString());
    }

    /** The browser's session, or a new one (with its cookie set on this response). */
    private Session session(HttpExchange exchange) {
        String id = null;
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(Sessions.COOKIE + "=")) {
                    id = trimmed.substring(Sessions.COOKIE.length() + 1);
                }
            }
        }
        return sessions.find(id).orElseGet(() -> {
            Session created = sessions.create();
            exchange.getResponseHeaders().add("Set-Cookie", Sessions.cookie(created));
            return created;
        });
    }

    private static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES);
        return Forms.decode(new String(body, StandardCharsets.UTF_8));
    }

    private static boolean formTokenMatches(Map<String, String> form, Session session) {
        String sent = form.get("form_token");
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.formToken().getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    private static void html(HttpExchange exchange, int status, String page) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        // No scripts at all; styles only from this app. (No form-action: our forms redirect on to Keycloak.)
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
