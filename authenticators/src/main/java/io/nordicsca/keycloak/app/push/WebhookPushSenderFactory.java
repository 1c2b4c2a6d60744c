package io.nordicsca.keycloak.app.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.nordicsca.keycloak.OutboundHttp;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.util.JsonSerialization;

/**
 * {@code webhook}: POSTs the push message as JSON to the bank's own push backend, which knows the
 * phone's push service (FCM, APNs). Signed with a shared secret: header
 * {@code X-Nordic-SCA-Signature: sha256=<hex HMAC of "timestamp.body">} and
 * {@code X-Nordic-SCA-Timestamp}. Server options {@code url}, {@code secret} (or vault reference),
 * {@code timeout-ms} (default 3000).
 */
public class WebhookPushSenderFactory implements PushSenderFactory {

    private static final Logger LOG = Logger.getLogger(WebhookPushSenderFactory.class);

    private URI url;
    private String secret;
    private Duration timeout;
    private HttpClient http;

    @Override
    public PushSender create(KeycloakSession session) {
        return message -> send(session, message);
    }

    private boolean send(KeycloakSession session, PushSender.PushMessage message) {
        if (url == null || secret == null) {
            LOG.warn("Webhook push sender is not configured (url and secret)");
            return false;
        }
        try (var resolved = session.vault().getStringSecret(secret)) {
            String body = JsonSerialization.writeValueAsString(Map.of("realm", message.realm(), "deviceId", message.deviceId(),
                    "pushToken", message.pushToken() == null ? "" : message.pushToken(), "challengeId", message.challengeId(),
                    "expiresAt", message.expiresAt()));
            String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(resolved.get().orElse("").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-Nordic-SCA-Timestamp", timestamp)
                    .header("X-Nordic-SCA-Signature", "sha256=" + signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("Push backend answered HTTP %d for challenge %s", response.statusCode(), message.challengeId());
                return false;
            }
            return true;
        } catch (GeneralSecurityException | java.io.IOException e) {
            LOG.warnf("Push backend not reached for challenge %s: %s", message.challengeId(), e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void init(Config.Scope config) {
        String configured = config.get("url");
        url = configured == null || configured.isBlank() ? null : URI.create(configured.trim());
        secret = config.get("secret");
        timeout = PushSenderFactory.TIMEOUT.read(config);
        http = OutboundHttp.client(timeout);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        http = null;
    }

    @Override
    public String getId() {
        return "webhook";
    }
}
