package io.watchtower.runtime.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bound listener has its address at once and answers nothing until it is served. */
class ApiListenerTest {

    private static final ApiRoutes HEALTH = new ApiRoutes() {
        @Override
        public ApiResponse answer(String method, String path, Map<String, List<String>> query) {
            return ApiResponse.json(200, "{\"path\":\"" + path + "\"}");
        }
    };

    @Test
    void aRequestWaitsUntilTheListenerIsServedAndIsThenAnswered() throws Exception {
        ApiListener listener = ApiListener.bind("127.0.0.1", 0);
        int port = listener.address().getPort();
        assertThat(port).as("port 0 became a real one").isPositive();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<HttpResponse<String>> early = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/early")).build(), HttpResponse.BodyHandlers.ofString());

        assertThatThrownBy(() -> early.get(300, TimeUnit.MILLISECONDS)).as("nothing answers before serve")
                .isInstanceOf(TimeoutException.class);

        try (ApiServer server = listener.serve(HEALTH)) {
            HttpResponse<String> answered = early.get(5, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("/early");
            assertThat(server.address().getPort()).isEqualTo(port);
        }
    }

    @Test
    void aListenerNeverServedReleasesItsPort() throws Exception {
        ApiListener listener = ApiListener.bind("127.0.0.1", 0);
        int port = listener.address().getPort();
        listener.close();
        try (ApiServer again = ApiServer.start("127.0.0.1", port, HEALTH)) {
            assertThat(again.address().getPort()).isEqualTo(port);
        }
    }
}
