package io.nordicsca.keycloak.sms.sender;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import io.nordicsca.keycloak.OutboundHttp;
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

    /** {@code timeout-ms}: a send that may wait for Twilio's answer, but never longer than 30 s. */
    static final OutboundHttp.Timeout TIMEOUT = new OutboundHttp.Timeout(500, 30_000, 10_000);

    static TwilioSettings from(Config.Scope config, Function<String, String> environment) {
        return new TwilioSettings(
                value(config, "account-sid", environment, "TWILIO_ACCOUNT_SID"),
                value(config, "auth-token", environment, "TWILIO_AUTH_TOKEN"),
                value(config, "api-key-sid", environment, "TWILIO_API_KEY_SID"),
                value(config, "api-key-secret", environment, "TWILIO_API_KEY_SECRET"),
                value(config, "from-number", environment, "TWILIO_FROM_NUMBER"),
                value(config, "messaging-service-sid", environment, "TWILIO_MESSAGING_SERVICE_SID"),
                OutboundHttp.testBaseUrl(config.get("api-base-url"), "Twilio"),
                TIMEOUT.read(config));
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
}
