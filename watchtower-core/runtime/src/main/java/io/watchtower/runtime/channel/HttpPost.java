package io.watchtower.runtime.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One JSON POST with a bounded time: 2xx is delivered, 408/429/5xx are retried, other 4xx rejected. */
final class HttpPost {

    private final HttpClient client;
    private final Duration timeout;

    HttpPost(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    void send(URI uri, String body, Map<String, String> headers) throws IOException, RejectedException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = response.body() == null ? "" : response.body().strip();
        if (answer.length() > 300) {
            answer = answer.substring(0, 300) + "…";
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new RejectedException("HTTP " + status + " from " + uri + ": " + answer);
        }
        throw new IOException("HTTP " + status + " from " + uri + ": " + answer);
    }
}
