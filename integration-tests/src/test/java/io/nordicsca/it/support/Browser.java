package io.nordicsca.it.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript, for the login pages that need none: it keeps cookies, follows
 * Keycloak's redirects, and stops at the first redirect that leaves Keycloak (the client's
 * redirect URI), so a test can read the authorization code from it. Pages with scripts are
 * driven through headless Chromium instead ({@code @InjectWebDriver}, see README).
 */
public class Browser {

    private static final int MAX_REDIRECTS = 20;

    private final String keycloakBaseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final CookieJar cookies = new CookieJar();
    private String acceptLanguage = "en";
    private final Map<String, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    public Browser(String keycloakBaseUrl) {
        this(keycloakBaseUrl, HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build(), null);
    }

    /**
     * A browser on a client shared with others (its own cookies still), each request given up
     * after {@code requestTimeout} (null: never): what a load driver with thousands of browsers
     * needs. The client must not follow redirects.
     */
    public Browser(String keycloakBaseUrl, HttpClient sharedClient, Duration requestTimeout) {
        this.keycloakBaseUrl = keycloakBaseUrl;
        this.http = sharedClient;
        this.requestTimeout = requestTimeout;
    }

    /** The language the browser asks for, as its Accept-Language header. */
    public Browser acceptLanguage(String languageTag) {
        this.acceptLanguage = languageTag;
        return this;
    }

    /**
     * Sends this header with every later request, e.g. the {@code Host} a phishing proxy would
     * forward (the test JVM allows it: {@code jdk.httpclient.allowRestrictedHeaders=host}).
     */
    public Browser header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Page open(String url) {
        return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    Page submit(URI action, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return follow(send(request));
    }

    private Page follow(HttpResponse<String> response) {
        for (int hops = 0; hops < MAX_REDIRECTS; hops++) {
            if (!isRedirect(response.statusCode())) {
                return new Page(this, response.uri(), response.statusCode(), response.body(), null);
            }
            URI target = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (!target.toString().startsWith(keycloakBaseUrl)) {
                return new Page(this, response.uri(), response.statusCode(), response.body(), target);
            }
            response = send(HttpRequest.newBuilder(target).GET());
        }
        throw new IllegalStateException("More than " + MAX_REDIRECTS + " redirects from " + response.uri());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        String cookieHeader = cookies.headerFor(built.uri());
        request.header("Accept-Language", acceptLanguage);
        if (!extraHeaders.isEmpty()) {
            request.version(HttpClient.Version.HTTP_1_1); // HTTP/2 carries the host as :authority, never as a header
            extraHeaders.forEach(request::header);
        }
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        if (requestTimeout != null) {
            request.timeout(requestTimeout);
        }
        HttpResponse<String> response = Http.send(http, request.build());
        cookies.store(response.uri(), response.headers().allValues("Set-Cookie"));
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
