package io.watchtower.tower.loadbalancer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.watchtower.testkit.FakeClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One exchange's handlers without sockets: the phases timed on a fake clock, the cap, the deadline. */
class ExchangeHandlerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final FakeClock clock = new FakeClock();
    private ExchangeHandler exchange;

    private EmbeddedChannel connect(long maxBody) throws Exception {
        Exchange.Builder b = new Exchange.Builder();
        exchange = new ExchangeHandler(b, clock, clock.nanoTime(), URI.create("http://lb.example:8080/health?x=1"),
                HttpMethod.GET, "x-backend", maxBody, true, TIMEOUT, null);
        EmbeddedChannel channel = new EmbeddedChannel(false, false, new FirstByteHandler(exchange),
                new HttpClientCodec(HttpFetcher.MAX_INITIAL_LINE, HttpFetcher.MAX_HEADERS, 16384), exchange);
        exchange.connecting();
        clock.advance(Duration.ofSeconds(100));
        channel.register(); // connected: the request goes out
        return channel;
    }

    private static String sent(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private static void receive(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    @Test
    void thePhasesAreTimedFromTheChannelsEvents() throws Exception {
        EmbeddedChannel channel = connect(100);
        assertThat(sent(channel)).startsWith("GET /health?x=1 HTTP/1.1\r\n").contains("Host: lb.example:8080\r\n");
        clock.advance(Duration.ofSeconds(300));
        receive(channel, "HTTP/1.1 200 OK\r\nX-Backend: web3\r\nContent-Length: 4\r\n\r\nab");
        clock.advance(Duration.ofSeconds(70));
        receive(channel, "cd");
        Exchange e = exchange.result().get(1, TimeUnit.SECONDS);
        assertThat(e.failure()).isNull();
        // the fake clock's steps, plus the real time the test itself takes (well under 30 s even on
        // a busy machine); each step is longer than that, so each figure shows which events it spans
        assertThat(e.connectMillis()).isBetween(100_000.0, 130_000.0);
        assertThat(e.firstByteMillis()).isBetween(300_000.0, 330_000.0);
        assertThat(e.totalMillis()).isBetween(470_000.0, 500_000.0);
        assertThat(e.text()).isEqualTo("abcd");
        assertThat(e.backend()).isEqualTo("web3");
        assertThat(channel.isOpen()).as("Connection: close, and closed once complete").isFalse();
    }

    @Test
    void anInterimResponseIsSkipped() throws Exception {
        EmbeddedChannel channel = connect(100);
        receive(channel, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        Exchange e = exchange.result().get(1, TimeUnit.SECONDS);
        assertThat(e.failure()).isNull();
        assertThat(e.status()).isEqualTo(204);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theBodyIsCountedToTheCapAndTheConnectionClosedThere() throws Exception {
        EmbeddedChannel channel = connect(10);
        receive(channel, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + "z".repeat(8));
        assertThat(exchange.result()).isNotDone();
        receive(channel, "z".repeat(8));
        Exchange e = exchange.result().get(1, TimeUnit.SECONDS);
        assertThat(e.capped()).isTrue();
        assertThat(e.bytes()).isEqualTo(10);
        assertThat(e.body()).hasSize(10);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theDeadlineFailsWhatIsStillWaiting() throws Exception {
        EmbeddedChannel channel = connect(100);
        channel.freezeTime();
        channel.eventLoop().schedule(exchange::expire, TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        receive(channel, "HTTP/1.1 200 OK\r\nContent-Le");
        channel.advanceTimeBy(TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(exchange.result()).isNotDone();
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        Exchange e = exchange.result().get(1, TimeUnit.SECONDS);
        assertThat(e.failure()).isEqualTo("no complete response within 2000 ms (stuck waiting for the response)");
        assertThat(e.answered()).isTrue();
        assertThat(channel.isOpen()).isFalse();
    }
}
