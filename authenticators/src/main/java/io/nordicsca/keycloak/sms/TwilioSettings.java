package io.nordicsca.keycloak.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

import org.keycloak.Config;

/**
 * The Twilio sender's server settings. They are read from the server configuration
 * ({@code --spi-nordic-sca-sms-sender--twilio--account-sid=...}, or the matching {@code KC_SPI_...}
 * environment variable) or else from the {@code TWILIO_*} environment variables, never from realm
 * JSON. Secrets may be vault references such as {@code ${vault.twilio_auth_token}}; they are resolved
 * from the realm's vault at each send, and never stored in an object that outlives the request.
 *
 * @param apiBaseUrl where to send instead of api.twilio.com; for tests only, so only a loopback
 *                   address is accepted
 */
record TwilioSettings(String accountSid, String authToken, String apiKeySid, String apiKeySecret,
                      String fromNumber, String messagingServiceSid, URI apiBaseUrl, Duration timeout) {

    static final int DEFAULT_TIMEOUT_MS = 10_000;
    static final int MIN_TIMEOUT_MS = 500;
    static final int MAX_TIMEOUT_MS = 30_000;

    static TwilioSettings from(Config.Scope config, Function<String, String> environment) {
        return new TwilioSettings(
                value(config, "account-sid", environment, "TWILIO_ACCOUNT_SID"),
                value(config, "auth-token", environment, "TWILIO_AUTH_TOKEN"),
                value(config, "api-key-sid", environment, "TWILIO_API_KEY_SID"),
                value(config, "api-key-secret", environment, "TWILIO_API_KEY_SECRET"),
                value(config, "from-number", environment, "TWILIO_FROM_NUMBER"),
                value(config, "messaging-service-sid", environment, "TWILIO_MESSAGING_SERVICE_SID"),
                loopbackOnly(config.get("api-base-url")),
                Duration.ofMillis(Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, config.getInt("timeout-ms", DEFAULT_TIMEOUT_MS)))));
    }

    /** What is missing for sending, in the words of the server options; null when nothing is. */
    String missing() {
        if (accountSid == null) {
            return "account-sid";
        }
        if (apiKeySid == null && authToken == null) {
            return "auth-token (or api-key-sid and api-key-secret)";
        }
        if (apiKeySid != null && apiKeySecret == null) {
            return "api-key-secret";
        }
        if (fromNumber == null && messagingServiceSid == null) {
            return "from-number or messaging-service-sid";
        }
        return null;
    }

    private static String value(Config.Scope config, String key, Function<String, String> environment, String variable) {
        String configured = config.get(key);
        String value = configured == null || configured.isBlank() ? environment.apply(variable) : configured;
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static URI loopbackOnly(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        URI uri = URI.create(raw.trim());
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
            throw new IllegalArgumentException("api-base-url is for a local Twilio stand-in in tests and must be a loopback address, not " + host);
        }
        return uri;
    }
}
