package io.nordicsca.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.keycloak.util.JsonSerialization;

/**
 * A local stand-in for Google's OAuth token endpoint and Firebase Cloud Messaging HTTP v1, and for a
 * bank's own push backend (the webhook). It
 * issues an access token only for a JWT assertion signed with the service account's key, accepts
 * messages only with that token, and records them. The service account file it writes is what the
 * server's {@code fcm} push sender reads ({@link NordicScaServerConfig}).
 */
public final class FcmStandIn {

    public static final int PORT = Integer.getInteger("nordicsca.fcm.port", 18098);
    public static final String PROJECT = "nordic-sca-test";
    public static final Path SERVICE_ACCOUNT = Path.of(System.getProperty("nordicsca.project.root", ".."),
            "integration-tests", "target", "fcm-service-account.json").toAbsolutePath().normalize();

    private static FcmStandIn shared;

    /** One FCM message as Google received it: the device's push token and the data. */
    public record Push(String token, Map<String, Object> data) {
    }

    /** One call to the bank's push backend (the webhook sender): its body and signature headers. */
    public record Webhook(String body, String timestamp, String signature) {
    }

    /** The secret the server's webhook sender signs with ({@link NordicScaServerConfig}). */
    public static final String WEBHOOK_SECRET = "webhook-test-secret-0001";

    private final HttpServer server;
    private final PublicKey serviceAccountKey;
    private final String accessToken = UUID.randomUUID().toString();
    private final List<Push> received = new CopyOnWriteArrayList<>();
    private final List<Webhook> webhooks = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> phones = new java.util.concurrent.ConcurrentHashMap<>();

    private FcmStandIn() throws IOException, GeneralSecurityException {
        serviceAccountKey = serviceAccountKey();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        server.createContext("/token", this::token);
        server.createContext("/v1/projects/", this::send);
        server.createContext("/push-webhook", this::webhook);
        server.start();
    }

    public static synchronized FcmStandIn shared() {
        if (shared == null) {
            try {
                shared = new FcmStandIn();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot start the FCM stand-in on 127.0.0.1:" + PORT, e);
            }
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + PORT;
    }

    public String webhookUrl() {
        return baseUrl() + "/push-webhook";
    }

    public List<Webhook> webhooksFor(String pushToken) {
        return webhooks.stream().filter(call -> call.body().contains("\"" + pushToken + "\"")).toList();
    }

    /** A phone that reacts at once: runs when a webhook for this push token arrives, before the backend answers Keycloak. */
    public void whenWebhookFor(String pushToken, Runnable phone) {
        phones.put(pushToken, phone);
    }

    public List<Push> pushesTo(String pushToken) {
        return received.stream().filter(push -> pushToken.equals(push.token())).toList();
    }

    /** The service account file: kept across runs, so a server started earlier (reuse mode) still matches. */
    @SuppressWarnings("unchecked")
    private PublicKey serviceAccountKey() throws IOException, GeneralSecurityException {
        RSAPrivateCrtKey key;
        if (Files.exists(SERVICE_ACCOUNT)) {
            Map<String, Object> json = JsonSerialization.readValue(Files.readAllBytes(SERVICE_ACCOUNT), Map.class);
            String pem = ((String) json.get("private_key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            key = (RSAPrivateCrtKey) pair.getPrivate();
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            Files.createDirectories(SERVICE_ACCOUNT.getParent());
            Files.write(SERVICE_ACCOUNT, JsonSerialization.writeValueAsBytes(Map.of("type", "service_account", "project_id", PROJECT,
                    "client_email", "push@" + PROJECT + ".iam.gserviceaccount.com", "private_key", pem,
                    "token_uri", "http://127.0.0.1:" + PORT + "/token")));
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    @SuppressWarnings("unchecked")
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String assertion = null;
            for (String pair : form.split("&")) {
                if (pair.startsWith("assertion=")) {
                    assertion = URLDecoder.decode(pair.substring("assertion=".length()), StandardCharsets.UTF_8);
                }
            }
            String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
            boolean valid = false;
            if (parts.length == 3 && form.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")) {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(serviceAccountKey);
                rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                Map<String, Object> claims = JsonSerialization.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
                valid = rs256.verify(Base64.getUrlDecoder().decode(parts[2]))
                        && "https://www.googleapis.com/auth/firebase.messaging".equals(claims.get("scope"))
                        && (baseUrl() + "/token").equals(claims.get("aud"));
            }
            respond(exchange, valid ? 200 : 400, valid ? "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599}" : "{\"error\":\"invalid_grant\"}");
        } catch (GeneralSecurityException | RuntimeException e) {
            respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
        }
    }

    @SuppressWarnings("unchecked")
    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || !exchange.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")) {
                respond(exchange, 401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");
                return;
            }
            Map<String, Object> body = JsonSerialization.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
            Map<String, Object> message = (Map<String, Object>) body.get("message");
            received.add(new Push((String) message.get("token"), (Map<String, Object>) message.get("data")));
            respond(exchange, 200, "{\"name\":\"projects/" + PROJECT + "/messages/" + UUID.randomUUID() + "\"}");
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            Webhook call = new Webhook(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Nordic-SCA-Timestamp"), exchange.getRequestHeaders().getFirst("X-Nordic-SCA-Signature"));
            webhooks.add(call);
            phones.entrySet().stream().filter(phone -> call.body().contains("\"" + phone.getKey() + "\"")).findFirst()
                    .ifPresent(phone -> phones.remove(phone.getKey()).run());
            respond(exchange, 202, "{}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
