package io.nordicsca.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Sends one request and answers with its body as text; checked exceptions become unchecked for tests. */
final class Http {

    private static final HttpClient DEFAULT = HttpClient.newHttpClient();

    private Http() {
    }

    static HttpResponse<String> send(HttpRequest request) {
        return send(DEFAULT, request);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
