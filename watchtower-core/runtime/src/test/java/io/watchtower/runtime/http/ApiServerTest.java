package io.watchtower.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener on a real socket: what routes see, what clients get, and clients that misbehave. */
class ApiServerTest {

    private final AtomicReference<ApiRequest> seen = new AtomicReference<>();
    private ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        server = ApiServer.start("127.0.0.1", 0, new ApiRoutes() {
            @Override
            public ApiResponse answer(String method, String path, java.util.Map<String, List<String>> query) {
                throw new AssertionError("the listener hands over whole requests");
            }

            @Override
            public ApiResponse answer(ApiRequest request) {
                seen.set(request);
                switch (request.path()) {
                    case "/boom":
                        throw new IllegalStateException("route failed");
                    case "/empty":
                        return new ApiResponse(204, "text/plain", new byte[0]);
                    default:
                        return ApiResponse.json(200, "{\"path\":\"" + request.path() + "\"}");
                }
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("X-Scope", "Read").timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesSeeTheDecodedPathQueryHeadersAndClient() throws Exception {
        HttpResponse<String> r = get("/api/v1/signals?component=jobs%20queue&since=1h&tag=a&tag=b+c&flag");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"path\":\"/api/v1/signals\"}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        ApiRequest request = seen.get();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.param("component")).isEqualTo("jobs queue");
        assertThat(request.query().get("tag")).containsExactly("a", "b c");
        assertThat(request.param("flag")).isEmpty();
        assertThat(request.header("x-scope")).isEqualTo("Read");
        assertThat(request.header("X-SCOPE")).isEqualTo("Read");
        assertThat(request.remoteAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void postBodiesReachTheRoutesAndOversizedOnesAre413() throws Exception {
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri("/api/v1/silences"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"component\":\"db\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(seen.get().bodyText()).isEqualTo("{\"component\":\"db\"}");
        seen.set(null);

        HttpResponse<String> big = http.send(HttpRequest.newBuilder(uri("/api/v1/silences"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(ApiServer.MAX_REQUEST_BYTES + 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(seen.get()).as("the routes never saw it").isNull();
    }

    @Test
    void aFailingRouteIs500AndTheServerGoesOn() throws Exception {
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void emptyBodiesAndHeadRequestsCarryNoBody() throws Exception {
        HttpResponse<String> empty = get("/empty");
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /r" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = readResponse(in);
                assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"path\":\"/r" + i + "\"}");
            }
        }
    }

    @Test
    void clientsThatStallOrSendGarbageDoNotStopOthers() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            // fewer than the request threads; more are cut after MAX_REQUEST_SECONDS, which the JDK
            // reads once per process (DaemonLifecycleTest checks that in a daemon process of its own)
            for (int i = 0; i < ApiServer.MAX_WORKERS - 2; i++) {
                stalled.add(stall());
            }
            try (Socket garbage = new Socket("127.0.0.1", server.address().getPort())) {
                garbage.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, '\r', '\n', '\r', '\n'});
            }
            long started = System.nanoTime();
            assertThat(get("/health").statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /** A client that sends half a request and then nothing. */
    private Socket stall() throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nX-Partial: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void theQueryDecoderKeepsOrderAndRefusesBadEscapes() {
        assertThat(ApiExchange.query("b=2&a=1&b=3")).containsExactly(
                java.util.Map.entry("b", List.of("2", "3")), java.util.Map.entry("a", List.of("1")));
        assertThat(ApiExchange.query(null)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiExchange.query("a=%zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
