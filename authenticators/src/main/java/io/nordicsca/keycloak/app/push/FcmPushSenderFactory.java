package io.nordicsca.keycloak.app.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.nordicsca.keycloak.OutboundHttp;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.util.JsonSerialization;

/**
 * {@code fcm}: Firebase Cloud Messaging HTTP v1. Each push gets an OAuth access token for the
 * service account (a JWT signed RS256 with its key, exchanged at its {@code token_uri}), then sends
 * a data message carrying only the challenge id and realm. Server options:
 * {@code service-account-file} (the JSON key Google gives you), {@code timeout-ms} (default 3000),
 * and for tests only (loopback addresses) {@code api-base-url}.
 */
public class FcmPushSenderFactory implements PushSenderFactory {

    private static final Logger LOG = Logger.getLogger(FcmPushSenderFactory.class);
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** The parts of Google's service-account JSON that sending needs. */
    private record ServiceAccount(String projectId, String clientEmail, PrivateKey privateKey, URI tokenUri) {
    }

    private ServiceAccount account;
    private URI apiBase;
    private Duration timeout;
    private HttpClient http;

    @Override
    public PushSender create(KeycloakSession session) {
        return this::send;
    }

    private boolean send(PushSender.PushMessage message) {
        if (account == null || message.pushToken() == null || message.pushToken().isBlank()) {
            LOG.warnf("FCM push for challenge %s skipped: %s", message.challengeId(),
                    account == null ? "no service account configured" : "the device has no push token");
            return false;
        }
        try {
            String accessToken = accessToken();
            String body = JsonSerialization.writeValueAsString(Map.of("message", Map.of(
                    "token", message.pushToken(),
                    "data", Map.of("challengeId", message.challengeId(), "realm", message.realm()),
                    "android", Map.of("priority", "high"),
                    "apns", Map.of("headers", Map.of("apns-priority", "10")))));
            URI send = apiBase.resolve("/v1/projects/" + URLEncoder.encode(account.projectId(), StandardCharsets.UTF_8) + "/messages:send");
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(send).timeout(timeout)
                    .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("FCM answered HTTP %d for challenge %s", response.statusCode(), message.challengeId());
                return false;
            }
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warnf("FCM push for challenge %s failed: %s", message.challengeId(), e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A fresh access token for the service account (RFC 7523 JWT bearer grant). */
    private String accessToken() throws IOException, InterruptedException, GeneralSecurityException {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(JsonSerialization.writeValueAsBytes(Map.of("iss", account.clientEmail(),
                "scope", SCOPE, "aud", account.tokenUri().toString(), "iat", now, "exp", now + 600)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(account.privateKey());
        rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        String assertion = header + "." + claims + "." + base64.encodeToString(rs256.sign());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(account.tokenUri()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + assertion)).build(), HttpResponse.BodyHandlers.ofString());
        Object token = response.statusCode() == 200 ? JsonSerialization.readValue(response.body(), Map.class).get("access_token") : null;
        if (!(token instanceof String accessToken)) {
            throw new IOException("token endpoint answered HTTP " + response.statusCode());
        }
        return accessToken;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(Config.Scope config) {
        timeout = PushSenderFactory.TIMEOUT.read(config);
        http = OutboundHttp.client(timeout);
        URI testBase = OutboundHttp.testBaseUrl(config.get("api-base-url"), "FCM");
        apiBase = testBase == null ? URI.create("https://fcm.googleapis.com") : testBase;
        String file = config.get("service-account-file");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Map<String, Object> json = JsonSerialization.readValue(Files.readAllBytes(Path.of(file)), Map.class);
            String pem = ((String) json.get("private_key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            URI tokenUri = URI.create((String) json.getOrDefault("token_uri", "https://oauth2.googleapis.com/token"));
            account = new ServiceAccount((String) json.get("project_id"), (String) json.get("client_email"), key,
                    testBase == null ? tokenUri : OutboundHttp.loopbackOnly(tokenUri, "FCM"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the FCM service account file " + file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The FCM service account file " + file + " holds no usable key", e);
        }
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
        return "fcm";
    }
}
