package io.watchtower.tower.loadbalancer;

import io.watchtower.net.BoundedResolver;
import io.watchtower.net.ClientTls;
import io.watchtower.net.TlsSettings;
import io.watchtower.runtime.time.Await;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.DnsmasqServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tower's own HTTP client against real sockets: framing, bounds, deadlines, TLS. A regression
 * here tends to hang rather than fail, hence the timeout on every test.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpFetcherTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** How late past its deadline an exchange may end on a busy machine. */
    private static final long MARGIN_MILLIS = 400;

    private static KeyStoreCertificate certificate;

    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = KeyStoreCertificate.shared(30);
        // the first exchanges of a JVM load Netty's, the TLS and the DNS resolver's classes and start
        // the shared event loops: a one-time cost that is not what the deadlines below test
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        try (ScriptedServer plain = ScriptedServer.plain(ScriptedServer.answering(ok));
             ScriptedServer tls = ScriptedServer.tls(certificate.serverContext(), ScriptedServer.answering(ok));
             HttpFetcher http = new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null)));
             DnsmasqServer dns = DnsmasqServer.builder().host("warm-up.lb.test", "127.0.0.1").start();
             BoundedResolver resolver = BoundedResolver.using(List.of(dns.address()));
             HttpFetcher named = new HttpFetcher(TowerClock.system(), null, resolver)) {
            for (URI warm : List.of(plain.uri("http", "127.0.0.1", "/"), tls.uri("https", "localhost", "/"))) {
                assertThat(http.fetch(warm, HttpMethod.GET, null, 10, false, Duration.ofSeconds(10)).failure()).isNull();
            }
            assertThat(named.fetch(plain.uri("http", "warm-up.lb.test", "/"), HttpMethod.GET, null, 10, false,
                    Duration.ofSeconds(10)).failure()).isNull();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    private HttpFetcher plainClient() {
        return closing(new HttpFetcher(TowerClock.system(), null));
    }

    private ScriptedServer server(ScriptedServer.Script script) throws Exception {
        return closing(ScriptedServer.plain(script));
    }

    private Exchange get(HttpFetcher http, URI uri, long maxBody) throws InterruptedException {
        return http.fetch(uri, HttpMethod.GET, null, maxBody, true, TIMEOUT);
    }

    private static String chunked(String... chunks) {
        StringBuilder body = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String c : chunks) {
            body.append(Integer.toHexString(c.length())).append(";ext=1\r\n").append(c).append("\r\n");
        }
        return body.append("0\r\nX-Trailer: yes\r\n\r\n").toString();
    }

    @Test
    void countsAndKeepsTheDecodedBytesOfAChunkedBody() throws Exception {
        String a = "a".repeat(10);
        String b = "b".repeat(300);
        String c = "c".repeat(5000);
        ScriptedServer s = server(ScriptedServer.answering(chunked(a, b, c)));
        Exchange e = get(plainClient(), s.uri("http", "127.0.0.1", "/"), 1 << 20);
        assertThat(e.failure()).isNull();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytes()).isEqualTo(5310);
        assertThat(e.capped()).isFalse();
        assertThat(e.text()).isEqualTo(a + b + c);
        assertThat(e.totalMillis()).isPositive();
    }

    @Test
    void aChunkedBodyExactlyAtTheCapIsNotCapped() throws Exception {
        ScriptedServer s = server(ScriptedServer.answering(chunked("x".repeat(100), "y".repeat(100))));
        Exchange e = get(plainClient(), s.uri("http", "127.0.0.1", "/"), 200);
        assertThat(e.failure()).isNull();
        assertThat(e.bytes()).isEqualTo(200);
        assertThat(e.capped()).isFalse();
    }

    @Test
    void anEndlessChunkedBodyStopsAtTheCap() throws Exception {
        AtomicLong sent = new AtomicLong();
        ScriptedServer s = server((socket, in, out) -> {
            ScriptedServer.requestHead(in);
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("1000\r\n" + "z".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
                sent.addAndGet(4096);
            }
        });
        long started = System.nanoTime();
        Exchange e = get(plainClient(), s.uri("http", "127.0.0.1", "/"), 10_000);
        assertThat(e.failure()).isNull();
        assertThat(e.capped()).isTrue();
        assertThat(e.bytes()).isEqualTo(10_000);
        assertThat(e.body()).hasSize(10_000);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void bodiesWithALengthOrUntilCloseRespectTheCap() throws Exception {
        HttpFetcher http = plainClient();
        ScriptedServer exact = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n" + "a".repeat(50)));
        Exchange e = get(http, exact.uri("http", "127.0.0.1", "/"), 50);
        assertThat(e.failure()).isNull();
        assertThat(e.bytes()).isEqualTo(50);
        assertThat(e.capped()).isFalse();

        ScriptedServer longer = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 51\r\n\r\n" + "a".repeat(51)));
        e = get(http, longer.uri("http", "127.0.0.1", "/"), 50);
        assertThat(e.bytes()).isEqualTo(50);
        assertThat(e.capped()).isTrue();

        ScriptedServer untilClose = server(ScriptedServer.answering("HTTP/1.0 200 OK\r\n\r\n" + "b".repeat(80)));
        e = get(http, untilClose.uri("http", "127.0.0.1", "/"), 100);
        assertThat(e.failure()).isNull();
        assertThat(e.bytes()).isEqualTo(80);
        assertThat(e.capped()).isFalse();
        e = get(http, untilClose.uri("http", "127.0.0.1", "/"), 60);
        assertThat(e.bytes()).isEqualTo(60);
        assertThat(e.capped()).isTrue();
        assertThat(e.text()).isEqualTo("b".repeat(60));
    }

    @Test
    void headAndNoContentResponsesHaveNoBody() throws Exception {
        HttpFetcher http = plainClient();
        // the server says 5 bytes follow but sends none and keeps the connection open
        ScriptedServer s = server((socket, in, out) -> {
            ScriptedServer.requestHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(5_000);
        });
        Exchange e = http.fetch(s.uri("http", "127.0.0.1", "/"), HttpMethod.HEAD, null, 100, false, TIMEOUT);
        assertThat(e.failure()).isNull();
        assertThat(e.bytes()).isZero();
        for (int status : new int[] {204, 304}) {
            ScriptedServer none = server((socket, in, out) -> {
                ScriptedServer.requestHead(in);
                out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(5_000);
            });
            e = get(http, none.uri("http", "127.0.0.1", "/"), 100);
            assertThat(e.failure()).as("status %d", status).isNull();
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.bytes()).isZero();
        }
    }

    @Test
    void sendsOneSmallRequestAndReadsTheBackendHeader() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        ScriptedServer s = server((socket, in, out) -> {
            request.set(ScriptedServer.requestHead(in));
            out.write("HTTP/1.1 200 OK\r\nX-Backend: web2\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        });
        Exchange e = plainClient().fetch(s.uri("http", "127.0.0.1", "/health?full=1"), HttpMethod.GET, "x-backend", 100,
                false, TIMEOUT, "Basic dTpw");
        assertThat(e.failure()).isNull();
        assertThat(e.backend()).isEqualTo("web2");
        assertThat(e.body()).isNull();
        assertThat(e.bytes()).isEqualTo(2);
        assertThat(e.dnsMillis()).as("no resolution for an IP literal").isNaN();
        assertThat(e.connectMillis()).isNotNaN();
        assertThat(e.tlsMillis()).isNaN();
        assertThat(e.firstByteMillis()).isNotNaN();
        assertThat(request.get()).startsWith("GET /health?full=1 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + s.port() + "\r\n", "Connection: close\r\n", "Authorization: Basic dTpw\r\n");
    }

    @Test
    void aServerDrippingSlowerThanTheDeadlineTimesOutAtTheDeadline() throws Exception {
        ScriptedServer s = server((socket, in, out) -> {
            ScriptedServer.requestHead(in);
            for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(100);
            }
        });
        long started = System.nanoTime();
        Exchange e = get(plainClient(), s.uri("http", "127.0.0.1", "/"), 100);
        long took = (System.nanoTime() - started) / 1_000_000;
        assertThat(took).isBetween(TIMEOUT.toMillis() - 10, TIMEOUT.toMillis() + MARGIN_MILLIS);
        assertThat(e.failure()).isEqualTo("no complete response within 500 ms (stuck waiting for the response)");
        assertThat(e.answered()).isTrue();
        assertThat(e.status()).isZero();
    }

    @Test
    void aTlsHandshakeDrippedByteByByteTimesOutAtTheDeadline() throws Exception {
        ScriptedServer tls = closing(ScriptedServer.tls(certificate.serverContext(), ScriptedServer.answering(
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
        // forwards the client at once, but the server's handshake one byte every 20 ms
        ScriptedServer dripping = server((socket, in, out) -> {
            try (Socket upstream = new Socket("127.0.0.1", tls.port())) {
                Thread forward = new Thread(() -> {
                    try {
                        in.transferTo(upstream.getOutputStream());
                    } catch (Exception e) {
                        // done
                    }
                });
                forward.setDaemon(true);
                forward.start();
                InputStream back = upstream.getInputStream();
                for (int c = back.read(); c >= 0; c = back.read()) {
                    out.write(c);
                    out.flush();
                    Thread.sleep(20);
                }
            }
        });
        HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null))));
        long started = System.nanoTime();
        Exchange e = get(http, dripping.uri("https", "localhost", "/"), 100);
        long took = (System.nanoTime() - started) / 1_000_000;
        assertThat(took).isBetween(TIMEOUT.toMillis() - 10, TIMEOUT.toMillis() + MARGIN_MILLIS);
        assertThat(e.failure()).isEqualTo("no complete response within 500 ms (stuck in the TLS handshake)");
        assertThat(e.answered()).isFalse();
    }

    @Test
    void aServerThatNeverStopsSendingCostsTheCapNotTheDeadlineOverTlsToo() throws Exception {
        Duration generous = Duration.ofSeconds(3);
        byte[] flood = new byte[16384];
        HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null))));
        ScriptedServer endlessBody = closing(ScriptedServer.tls(certificate.serverContext(), (socket, in, out) -> {
            ScriptedServer.requestHead(in);
            out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(flood);
            }
        }));
        long started = System.nanoTime();
        Exchange e = http.fetch(endlessBody.uri("https", "localhost", "/"), HttpMethod.GET, null, 100_000, false, generous);
        assertThat(e.capped()).isTrue();
        assertThat(e.bytes()).isEqualTo(100_000);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("closing does not drain the rest")
                .isLessThan(generous.dividedBy(2));

        // not TLS at all, and it never stops: the failed handshake does not drain it either
        ScriptedServer garbage = server((socket, in, out) -> {
            while (true) {
                out.write(flood);
            }
        });
        started = System.nanoTime();
        e = http.fetch(garbage.uri("https", "localhost", "/"), HttpMethod.GET, null, 100, false, generous);
        assertThat(e.failure()).startsWith("TLS handshake failed: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(generous.dividedBy(2));
    }

    @Test
    void headersLargerThanTheLimitAreAnInvalidResponse() throws Exception {
        HttpFetcher http = plainClient();
        StringBuilder huge = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 200; i++) {
            huge.append("X-Filler-").append(i).append(": ").append("f".repeat(100)).append("\r\n");
        }
        ScriptedServer s = server(ScriptedServer.answering(huge + "Content-Length: 0\r\n\r\n"));
        Exchange e = get(http, s.uri("http", "127.0.0.1", "/"), 100);
        assertThat(e.failure()).isEqualTo("invalid HTTP response: HTTP header is larger than 16384 bytes.");
        assertThat(e.answered()).isTrue();
        assertThat(e.status()).isZero();

        ScriptedServer longLine = server(ScriptedServer.answering("HTTP/1.1 200 " + "O".repeat(5000) + "\r\n\r\n"));
        e = get(http, longLine.uri("http", "127.0.0.1", "/"), 100);
        assertThat(e.failure()).isEqualTo("invalid HTTP response: An HTTP line is larger than 4096 bytes.");
    }

    @Test
    void malformedAndTruncatedResponsesSayWhatHappened() throws Exception {
        HttpFetcher http = plainClient();
        ScriptedServer truncated = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));
        Exchange e = get(http, truncated.uri("http", "127.0.0.1", "/"), 1000);
        assertThat(e.failure()).isEqualTo("connection closed before the response was complete");
        assertThat(e.answered()).isTrue();

        ScriptedServer silentClose = server((socket, in, out) -> ScriptedServer.requestHead(in));
        e = get(http, silentClose.uri("http", "127.0.0.1", "/"), 1000);
        assertThat(e.failure()).isEqualTo("connection closed without a response");
        assertThat(e.answered()).isFalse();

        ScriptedServer badChunk = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        e = get(http, badChunk.uri("http", "127.0.0.1", "/"), 1000);
        assertThat(e.failure()).startsWith("invalid HTTP response body: ").containsIgnoringCase("chunk size");
        assertThat(e.status()).isEqualTo(200);

        ScriptedServer conflicting = server(ScriptedServer.answering(
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
        e = get(http, conflicting.uri("http", "127.0.0.1", "/"), 1000);
        assertThat(e.failure()).isEqualTo("invalid HTTP response: Multiple Content-Length values found: [1, 2]");

        int closedPort;
        try (ServerSocket gone = new ServerSocket(0)) {
            closedPort = gone.getLocalPort();
        }
        e = get(http, URI.create("http://127.0.0.1:" + closedPort + "/"), 1000);
        assertThat(e.failure()).isEqualTo("connect failed: connection refused");
        assertThat(e.answered()).isFalse();
    }

    @Test
    void anHttpsFrontendIsVerifiedWithTheCaFileAndGetsSni() throws Exception {
        AtomicReference<List<SNIServerName>> sni = new AtomicReference<>();
        ScriptedServer s = closing(ScriptedServer.tls(certificate.serverContext(), (socket, in, out) -> {
            ScriptedServer.requestHead(in);
            sni.set(((ExtendedSSLSession) ((SSLSocket) socket).getSession()).getRequestedServerNames());
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
        }));
        HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null))));
        Exchange e = get(http, s.uri("https", "localhost", "/"), 100);
        assertThat(e.failure()).isNull();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.text()).isEqualTo("hello");
        assertThat(e.tlsMillis()).isNotNaN();
        assertThat(e.dnsMillis()).isNotNaN();
        assertThat(e.certificateNotAfter()).isEqualTo(certificate.certificate().getNotAfter().toInstant());
        assertThat(sni.get()).singleElement().satisfies(n -> assertThat(new String(n.getEncoded(), StandardCharsets.US_ASCII))
                .isEqualTo("localhost"));
    }

    @Test
    void aCertificateForAnotherNameFailsHostNameVerification() throws Exception {
        ScriptedServer s = closing(ScriptedServer.tls(certificate.serverContext(),
                ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
        HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null))));
        // trusted chain, but the certificate names localhost, not 127.0.0.1
        Exchange e = get(http, s.uri("https", "127.0.0.1", "/"), 100);
        assertThat(e.failure()).startsWith("TLS handshake failed: ").contains("127.0.0.1");
        assertThat(e.answered()).isFalse();
        assertThat(e.tlsMillis()).isNaN();
    }

    @Test
    void anUntrustedCertificateFailsUnlessVerificationIsOff() throws Exception {
        AtomicReference<List<SNIServerName>> sni = new AtomicReference<>();
        ScriptedServer s = closing(ScriptedServer.tls(certificate.serverContext(), (socket, in, out) -> {
            ScriptedServer.requestHead(in);
            sni.set(((ExtendedSSLSession) ((SSLSocket) socket).getSession()).getRequestedServerNames());
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }));
        HttpFetcher jdkTrust = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.jdkDefaults())));
        Exchange e = get(jdkTrust, s.uri("https", "localhost", "/"), 100);
        assertThat(e.failure()).startsWith("TLS handshake failed: ");

        HttpFetcher insecure = closing(new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(null, false, null))));
        e = get(insecure, s.uri("https", "127.0.0.1", "/"), 100);
        assertThat(e.failure()).isNull();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.certificateNotAfter()).as("the expiry is read without verification too").isNotNull();
        assertThat(sni.get()).as("no SNI for an IP address").isEmpty();
    }

    @Test
    void aCancelledProbeEndsPromptlyWithInterruptedException() throws Exception {
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        ScriptedServer silent = server((socket, in, out) -> {
            connected.countDown();
            Thread.sleep(10_000); // a server that never answers
        });
        HttpFetcher http = plainClient();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread probe = new Thread(() -> {
            try {
                http.fetch(silent.uri("http", "127.0.0.1", "/"), HttpMethod.GET, null, 100, false, Duration.ofSeconds(10));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        probe.start();
        assertThat(connected.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the probe connected").isTrue();
        long interrupted = System.nanoTime();
        probe.interrupt();
        probe.join(5_000);
        assertThat(probe.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofMillis(1000));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void keepsNoThreadWhileIdle() throws Exception {
        ScriptedServer s = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (HttpFetcher http = new HttpFetcher(TowerClock.system(), ClientTls.of(TlsSettings.of(certificate.pem(), true, null)))) {
            assertThat(get(http, s.uri("http", "localhost", "/"), 10).dnsMillis()).as("a name was resolved").isNotNaN();
            Await.until("no thread left by an idle client", Duration.ofSeconds(3), () -> newThreads(before),
                    List::isEmpty);
        }
    }

    /** Threads the client left, not counting the process's shared event loops (they are no client's own). */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("scripted-server")
                        && !t.getName().startsWith("watchtower-netty"))
                .map(Thread::getName).collect(Collectors.toList());
    }

    @Test
    void aNameIsResolvedByTheNameServerWithinTheDeadline() throws Exception {
        ScriptedServer s = server(ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        try (io.watchtower.testkit.fixture.DnsmasqServer dns = io.watchtower.testkit.fixture.DnsmasqServer.builder()
                .host("frontend.lb.test", "127.0.0.1").start();
             io.watchtower.net.BoundedResolver resolver = io.watchtower.net.BoundedResolver.using(List.of(dns.address()))) {
            HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), null, resolver));
            Exchange e = get(http, s.uri("http", "frontend.lb.test", "/"), 100);
            assertThat(e.failure()).isNull();
            assertThat(e.text()).isEqualTo("ok");
            assertThat(e.dnsMillis()).as("the name was looked up").isNotNaN();
        }
    }

    @Test
    void aNameServerThatDropsEveryQueryFailsTheRequestAtItsDeadline() throws Exception {
        try (io.watchtower.testkit.fixture.DnsmasqServer dns = io.watchtower.testkit.fixture.DnsmasqServer.builder()
                .host("frontend.lb.test", "127.0.0.1").start();
             io.watchtower.testkit.fixture.DelayingUdpProxy dropping = io.watchtower.testkit.fixture.DelayingUdpProxy
                     .to(dns.address());
             io.watchtower.net.BoundedResolver resolver = io.watchtower.net.BoundedResolver.using(
                     List.of(dropping.address()))) {
            dropping.setDropAll(true);
            HttpFetcher http = closing(new HttpFetcher(TowerClock.system(), null, resolver));
            long started = System.nanoTime();
            Exchange e = get(http, URI.create("http://frontend.lb.test:1/"), 100);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(e.failure()).isEqualTo("resolving frontend.lb.test took longer than " + TIMEOUT.toMillis() + " ms");
            assertThat(dropping.datagrams()).as("the query reached the name server's proxy").isPositive();
            // a second of slack for a busy machine; the JDK's resolver would retry for seconds
            assertThat(tookMillis).as("gave up at its deadline").isLessThan(TIMEOUT.toMillis() + 1000);
        }
    }
}
