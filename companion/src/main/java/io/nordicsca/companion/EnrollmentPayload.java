package io.nordicsca.companion;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the enrollment QR code (or the text under it) says:
 * {@code nordicsca://enroll?api=<URL-encoded device API base>&token=<enrollment token>}.
 * Anything else is refused with a message a person can act on, since a wrong scan or a pasted
 * fragment is the usual mistake.
 *
 * @param api   the device API base, {@code {server}/realms/{realm}/nordic-sca-device}, without a trailing slash
 * @param token the single-use enrollment token
 */
public record EnrollmentPayload(String api, String token) {

    static final String PREFIX = "nordicsca://enroll?";

    public static EnrollmentPayload parse(String payload) {
        if (payload == null || !payload.strip().startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not an enrollment code: it must start with " + PREFIX);
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : payload.strip().substring(PREFIX.length()).split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Not an enrollment code: malformed parameter '" + pair + "'");
            }
            String name = decode(pair.substring(0, equals));
            // Two values for one name could mean two different servers: refuse rather than guess.
            if (parameters.put(name, decode(pair.substring(equals + 1))) != null) {
                throw new IllegalArgumentException("Not an enrollment code: '" + name + "' given twice");
            }
        }
        String api = parameters.get("api");
        String token = parameters.get("token");
        if (api == null || api.isBlank()) {
            throw new IllegalArgumentException("Not an enrollment code: the device API address (api) is missing");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Not an enrollment code: the enrollment token (token) is missing");
        }
        return new EnrollmentPayload(checkedApi(api), token);
    }

    /** Other parameters are ignored, so a newer server may add some; api must be an http(s) URL. */
    private static String checkedApi(String api) {
        URI uri;
        try {
            uri = new URI(api);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not an enrollment code: api is not a URL: " + api, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("Not an enrollment code: api must be an http(s) URL: " + api);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Not an enrollment code: api must not have a query or fragment: " + api);
        }
        return api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an enrollment code: bad URL encoding in '" + value + "'", e);
        }
    }
}
