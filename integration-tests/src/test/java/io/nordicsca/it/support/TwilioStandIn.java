package io.nordicsca.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's Messages API, speaking the exchange twilio-java speaks
 * ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, Basic auth; 201 with the
 * message as JSON, or Twilio's error JSON). The server's {@code twilio} sender is pointed here
 * ({@link NordicScaServerConfig}), so tests see every SMS the real twilio-java client sends, and
 * can make Twilio answer with an error or too slowly for one recipient.
 */
public final class TwilioStandIn {

    public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String AUTH_TOKEN = "stand-in-auth-token-0001";
    public static final String FROM_NUMBER = "+46766860000";
    /** Fixed, so a server started by an earlier run (test framework reuse mode) still finds it. */
    public static final int PORT = Integer.getInteger("nordicsca.twilio.port", 18099);

    private static final Pattern WEB_OTP_CODE = Pattern.compile("#(\\d+)\\s*$");
    private static final Pattern CODE_IN_TEXT = Pattern.compile("(?<![0-9])([0-9]{4,10})(?![0-9])");
    private static TwilioStandIn shared;

    /** One SMS as Twilio received it. */
    public record Sms(String accountSid, String authorization, String to, String from, String messagingServiceSid, String body) {

        /**
         * The code: from the WebOTP line the SMS ends with ("@host #123456") where the server has a
         * fixed hostname, else the first run of 4 to 10 digits in the text.
         */
        public String code() {
            Matcher webOtp = WEB_OTP_CODE.matcher(body);
            if (webOtp.find()) {
                return webOtp.group(1);
            }
            Matcher inText = CODE_IN_TEXT.matcher(body);
            if (!inText.find()) {
                throw new AssertionError("No code in the SMS: " + body);
            }
            return inText.group(1);
        }

        /** The WebOTP line ("@host #123456"), or null when the SMS has none. */
        public String webOtpLine() {
            return body.lines().filter(line -> line.startsWith("@")).findFirst().orElse(null);
        }
    }

    /** How the stand-in answers: Twilio's success, or an error with Twilio's code, possibly late. */
    public record Reply(int status, Integer twilioCode, String message, Duration delay) {

        public static Reply error(int status, int twilioCode, String message) {
            return new Reply(status, twilioCode, message, Duration.ZERO);
        }

        public static Reply serverError() {
            return new Reply(500, 20500, "Internal Server Error", Duration.ZERO);
        }

        public static Reply after(Duration delay) {
            return new Reply(201, null, null, delay);
        }
    }

    private final HttpServer server;
    private final List<Sms> received = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();

    private TwilioStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "twilio-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/2010-04-01/Accounts/", this::handle);
        server.start();
    }

    /** The stand-in of this test JVM, started on first use. */
    public static synchronized TwilioStandIn shared() {
        if (shared == null) {
            try {
                shared = new TwilioStandIn();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the Twilio stand-in on 127.0.0.1:" + PORT, e);
            }
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + PORT;
    }

    /** From now on, answer SMS to this number so. */
    public void answer(String to, Reply reply) {
        replies.put(to, reply);
    }

    /** Answer SMS to this number with success again. */
    public void answerNormally(String to) {
        replies.remove(to);
    }

    /** Every SMS (accepted or refused) Twilio received for this number, oldest first. */
    public List<Sms> sentTo(String to) {
        List<Sms> messages = new ArrayList<>();
        for (Sms sms : received) {
            if (sms.to().equals(to)) {
                messages.add(sms);
            }
        }
        return messages;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher account = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$").matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !account.matches()) {
                respond(exchange, 404, "{\"code\":20404,\"message\":\"Not found\",\"status\":404}");
                return;
            }
            Map<String, String> form = parseForm(exchange.getRequestBody());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Sms sms = new Sms(account.group(1), authorization, form.get("To"), form.get("From"), form.get("MessagingServiceSid"), form.get("Body"));
            received.add(sms);
            if (!("Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.US_ASCII))).equals(authorization)) {
                respond(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
                return;
            }
            Reply reply = replies.getOrDefault(sms.to(), new Reply(201, null, null, Duration.ZERO));
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            if (reply.twilioCode() != null) {
                respond(exchange, reply.status(), "{\"code\":" + reply.twilioCode() + ",\"message\":\"" + reply.message()
                        + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + reply.twilioCode() + "\",\"status\":" + reply.status() + "}");
                return;
            }
            respond(exchange, 201, "{\"sid\":\"SM" + Long.toHexString(System.nanoTime()) + "\",\"account_sid\":\"" + account.group(1)
                    + "\",\"status\":\"queued\",\"to\":\"" + sms.to() + "\",\"from\":\"" + sms.from() + "\",\"num_segments\":\"1\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> parseForm(InputStream body) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the sender gave up waiting (timeout test): nothing to tell
        }
    }
}
