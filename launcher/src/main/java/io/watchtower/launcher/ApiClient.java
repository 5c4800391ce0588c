package io.watchtower.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to a daemon's HTTP API for the CLI: the base URL, an optional bearer token file, timeouts. */
final class ApiClient {

    private final String base;
    private final Path tokenFile;

    /**
     * @param api the daemon's API, for example {@code http://127.0.0.1:9477}
     * @param tokenFile a file holding a bearer token, or null
     */
    ApiClient(String api, Path tokenFile) {
        this.base = api.replaceAll("/+$", "");
        this.tokenFile = tokenFile;
    }

    /**
     * @param method the HTTP method
     * @param pathAndQuery the path, with its query string
     * @param jsonBody a JSON body, or null
     * @param timeout how long the whole request may take
     * @return the answer
     * @throws IOException when the daemon cannot be reached or the token file read
     * @throws InterruptedException when interrupted
     */
    HttpResponse<String> send(String method, String pathAndQuery, String jsonBody, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (tokenFile != null) {
            request.header("Authorization", "Bearer " + Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
