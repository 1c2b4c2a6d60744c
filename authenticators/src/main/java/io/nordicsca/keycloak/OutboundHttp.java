package io.nordicsca.keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

import org.keycloak.Config;

/**
 * What every sender that calls out over HTTP (Twilio, FCM, the bank's push webhook) shares: the
 * JDK client they send with, their {@code timeout-ms} option, and the check on {@code api-base-url},
 * the option that points a sender at a local stand-in in tests.
 */
public final class OutboundHttp {

    private OutboundHttp() {
    }

    /**
     * A sender's {@code timeout-ms} option, declared once per sender: the value is clamped into
     * {@code [minMs, maxMs]}, so a typo can neither hang a sign-in nor make every send time out.
     */
    public record Timeout(int minMs, int maxMs, int defaultMs) {

        public static final String OPTION = "timeout-ms";

        public Timeout {
            if (minMs <= 0 || minMs > defaultMs || defaultMs > maxMs) {
                throw new IllegalArgumentException("need 0 < min <= default <= max");
            }
        }

        public Duration read(Config.Scope config) {
            return Duration.ofMillis(Math.max(minMs, Math.min(maxMs, config.getInt(OPTION, defaultMs))));
        }
    }

    /**
     * The client a sender keeps for its lifetime: never follows a redirect (a send goes where it was
     * configured, or fails) and gives up connecting after {@code timeout}; each request sets the same
     * timeout for its answer. HTTP/1.1, which every endpoint and test stand-in speaks, so a plain-http
     * stand-in is not asked to upgrade.
     */
    public static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * {@code api-base-url} as a URI, or null when not set. It exists for tests only, so it must name
     * this machine: {@code localhost}, an address in 127.0.0.0/8, or {@code [::1]}; anything else is
     * refused, so the option can never send codes or pushes to a third party.
     *
     * @param service what the stand-in replaces, for the message ("Twilio", "FCM")
     */
    public static URI testBaseUrl(String raw, String service) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return loopbackOnly(URI.create(raw.trim()), service);
    }

    /** {@code uri} when it names this machine (see {@link #testBaseUrl}), else IllegalArgumentException. */
    public static URI loopbackOnly(URI uri, String service) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("api-base-url is for a local " + service
                    + " stand-in in tests and must be a loopback address, not " + (host.isEmpty() ? "\"" + uri + "\"" : host));
        }
        return uri;
    }

    /** Literal forms only: no name is looked up (a DNS name that resolves to 127.0.0.1 is refused). */
    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            // no leading zeros: 127.0.0.01 is octal to some parsers and a host name to others
            if (!octet.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
