package io.nordicsca.demoweb;

import java.net.URI;

/**
 * Where the demo web app listens and which realm it signs in with.
 *
 * @param issuer   the realm's issuer URL, e.g. {@code http://localhost:8080/realms/nordic-bank}
 * @param clientId the realm's public client, {@code nordic-bank-web}
 * @param port     the local port; the realm's client allows redirects to {@code http://localhost:3000/*}
 */
public record Config(String issuer, String clientId, int port) {

    public static final String DEFAULT_ISSUER = "http://localhost:8080/realms/nordic-bank";
    public static final String DEFAULT_CLIENT_ID = "nordic-bank-web";
    public static final int DEFAULT_PORT = 3000;
    /**
     * The call-centre system's confidential client (the page {@code /call-centre}); the realm reads
     * its key from {@link #callCentreJwksUrl()}, which is why the demo runs on port 3000.
     */
    public static final String CALL_CENTRE_CLIENT_ID = "nordic-bank-call-centre";

    public Config {
        URI parsed = URI.create(issuer);
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("The issuer must be an http(s) URL: " + issuer);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("The client id must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
        // OpenID Connect compares issuers as exact strings; Keycloak's has no trailing slash.
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    public static Config defaults() {
        return new Config(DEFAULT_ISSUER, DEFAULT_CLIENT_ID, DEFAULT_PORT);
    }

    /** This app's own address, as the browser sees it. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Where Keycloak sends the browser back with the code (or the error). */
    public String redirectUri() {
        return baseUrl() + "/callback";
    }

    /** Where the call-centre system publishes its public key (the client's {@code jwks.url}). */
    public String callCentreJwksUrl() {
        return baseUrl() + "/call-centre/jwks";
    }

    /**
     * The configuration from the command line: {@code --issuer=URL}, {@code --client-id=ID},
     * {@code --port=N}; anything not given keeps its default.
     */
    public static Config fromArguments(String... args) {
        String issuer = DEFAULT_ISSUER;
        String clientId = DEFAULT_CLIENT_ID;
        int port = DEFAULT_PORT;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? "" : arg.substring(equals + 1);
            switch (name) {
                case "--issuer" -> issuer = value;
                case "--client-id" -> clientId = value;
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Not a port: " + value);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option: " + arg
                        + " (options: --issuer=URL --client-id=ID --port=N)");
            }
        }
        return new Config(issuer, clientId, port);
    }
}
