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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.watchtower.runtime.time.Await;
import org.junit.jupiter.api.Test;

/** The listener on a real socket: what routes see, what clients get, and clients that misbehave. */
class ApiServerTest {

    private final AtomicReference<ApiRequest> seen = new AtomicReference<>();
    private ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Released when a test is done with the routes that wait for it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = ApiServer.start("127.0.0.1", 0, routes(), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    private ApiRoutes routes() {
        return new ApiRoutes() {
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
                    case "/wait":
                        waiting.incrementAndGet();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return ApiResponse.json(200, "{\"waited\":true}");
                    default:
                        return ApiResponse.json(200, "{\"path\":\"" + request.path() + "\"}");
                }
            }

            @Override
            public boolean quick(ApiRequest request) {
                return request.path().equals("/health");
            }
        };
    }

    @AfterEach
    void stop() {
        release.countDown();
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
    void clientsThatStallOrSendGarbageDoNotStopOthersAndStalledOnesAreCut() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                stalled.add(stall());
            }
            try (Socket garbage = new Socket("127.0.0.1", server.address().getPort())) {
                garbage.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, '\r', '\n', '\r', '\n'});
            }
            long started = System.nanoTime();
            assertThat(get("/health").statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            for (Socket s : stalled) {
                s.setSoTimeout(6000);
                assertThat(closedByServer(s)).as("a stalled client is cut after the request time").isTrue();
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /**
     * Fifty clients that send their request one byte a second never take the listener's threads: the
     * health route answers promptly all along, and each dripping client is cut when its request time
     * (two seconds here) is over, even though it never stops sending.
     */
    @Test
    void fiftyClientsDrippingOneByteASecondDoNotStopHealthAndAreCut() throws Exception {
        byte[] request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> drippers = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);
        try {
            for (int i = 0; i < 50; i++) {
                drippers.add(new Socket("127.0.0.1", server.address().getPort()));
            }
            AtomicInteger sent = new AtomicInteger();
            drip.scheduleAtFixedRate(() -> {
                int at = sent.getAndIncrement();
                for (Socket s : drippers) {
                    try {
                        s.getOutputStream().write(request[at % request.length]);
                    } catch (IOException cut) {
                        // the server closed it: what this test waits for
                    }
                }
            }, 0, 1, TimeUnit.SECONDS);
            long started = System.nanoTime();
            // health is asked five times a second, on its own thread, all the while the drippers drip
            record Answer(int status, long millis, String failure) {
            }
            List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            drip.scheduleAtFixedRate(() -> {
                long asked = System.nanoTime();
                try {
                    int status = get("/health").statusCode();
                    answers.add(new Answer(status, Duration.ofNanos(System.nanoTime() - asked).toMillis(), null));
                } catch (Exception e) {
                    answers.add(new Answer(0, Duration.ofNanos(System.nanoTime() - asked).toMillis(), e.toString()));
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            for (Socket s : drippers) {
                long left = Duration.ofSeconds(8).toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
                s.setSoTimeout((int) Math.max(1, left));
                assertThat(closedByServer(s)).as("a dripping client is cut though it keeps sending").isTrue();
            }
            assertThat(sent.get()).as("the drippers were still dripping when cut").isLessThan(request.length);
            List<Answer> seen;
            synchronized (answers) {
                seen = List.copyOf(answers);
            }
            assertThat(seen).as("health asked while 50 clients dripped (2 s request time)").hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(answer -> {
                        assertThat(answer.status()).as("health while 50 clients drip: %s", answer).isEqualTo(200);
                        assertThat(answer.millis()).as("health while 50 clients drip").isLessThan(1000);
                    });
        } finally {
            drip.shutdownNow();
            for (Socket s : drippers) {
                s.close();
            }
        }
    }

    @Test
    void quickRoutesAnswerWhileEveryWorkerIsBusy() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < ApiServer.WORKERS; i++) {
            slow.add(http.sendAsync(HttpRequest.newBuilder(uri("/wait")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Await.until("every worker waits", Duration.ofSeconds(5), () -> waiting.get() == ApiServer.WORKERS);
        long started = System.nanoTime();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        release.countDown();
        for (var f : slow) {
            assertThat(f.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    /** A client that sends half a request and then nothing. */
    private Socket stall() throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nX-Partial: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** @return whether the server closed the connection (end of stream or reset) before the read timeout */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void theQueryDecoderKeepsOrderAndRefusesBadEscapes() {
        assertThat(ApiHandler.query("b=2&a=1&b=3")).containsExactly(
                java.util.Map.entry("b", List.of("2", "3")), java.util.Map.entry("a", List.of("1")));
        assertThat(ApiHandler.query(null)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiHandler.query("a=%zz"))
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
