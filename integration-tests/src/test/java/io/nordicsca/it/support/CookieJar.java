package io.nordicsca.it.support;

import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cookie handling of a browser talking to one Keycloak on loopback. Keycloak marks its
 * session cookies {@code Secure} even on http://localhost, and browsers treat localhost as a
 * secure context, so they send them back; {@link java.net.CookieManager} does not, hence this.
 * Synchronized, so a test can submit two forms of one browser at once.
 */
final class CookieJar {

    private final Map<String, HttpCookie> cookies = new LinkedHashMap<>();

    synchronized void store(URI uri, List<String> setCookieHeaders) {
        for (String header : setCookieHeaders) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getPath() == null) {
                    cookie.setPath("/");
                }
                String key = cookie.getName() + ";" + cookie.getPath();
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(key);
                } else {
                    cookies.put(key, cookie);
                }
            }
        }
    }

    /** The Cookie header for a request to this URI, or null when no cookie applies. */
    synchronized String headerFor(URI uri) {
        if (!isLoopback(uri)) {
            throw new IllegalArgumentException("This test browser only talks to loopback: " + uri);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        cookies.values().removeIf(HttpCookie::hasExpired);
        String header = cookies.values().stream()
                .filter(cookie -> path.startsWith(cookie.getPath()))
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? null : header;
    }

    synchronized List<HttpCookie> all() {
        return new ArrayList<>(cookies.values());
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }
}
