package io.nordicsca.keycloak.sms.sender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.core5.http.Header;

/**
 * twilio-java's transport, on the JDK's HTTP client. twilio-java's own {@code NetworkHttpClient}
 * forces a 30.5 s connect timeout and re-sends a failed POST up to three times, which would
 * mean duplicate SMS (docs/design/sms-twilio.md). This one makes exactly one attempt with the
 * configured timeout, and can point at a local stand-in for Twilio in tests.
 *
 * <p>One instance per send: it remembers that send's HTTP status, which twilio-java loses when an
 * error body is not JSON.
 */
final class TwilioHttpClient extends HttpClient {

    /** Thrown as the cause of {@link ApiConnectionException} when no answer came in time. */
    static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(Throwable cause) {
            super("Twilio did not answer in time", cause);
        }
    }

    private final java.net.http.HttpClient http;
    private final URI baseUrl;
    private final Duration timeout;
    private int lastStatus;

    /** @param baseUrl null for Twilio itself; otherwise scheme, host and port replace Twilio's */
    TwilioHttpClient(java.net.http.HttpClient http, URI baseUrl, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    int lastStatus() {
        return lastStatus;
    }

    /** One attempt only: a POST that may have reached Twilio is never sent twice. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        URI target = target(URI.create(request.constructURL().toString()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", request.getAuthString());
        if (request.getMethod() == HttpMethod.POST) {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody()));
        } else {
            builder.method(request.getMethod().toString(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            lastStatus = response.statusCode();
            return new Response(response.body(), response.statusCode(), new Header[0]);
        } catch (HttpTimeoutException e) {
            throw new ApiConnectionException("Twilio did not answer in time", new TimedOut(e));
        } catch (IOException e) {
            throw new ApiConnectionException("Twilio could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Interrupted while sending to Twilio", e);
        }
    }

    private URI target(URI twilio) {
        if (baseUrl == null) {
            return twilio;
        }
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + twilio.getRawPath()
                + (twilio.getRawQuery() == null ? "" : "?" + twilio.getRawQuery()));
    }
}
