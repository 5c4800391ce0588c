package io.watchtower.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's pipeline without sockets: bytes in, bytes out, time advanced by hand. */
class ApiPipelineTest {

    private static final Duration REQUEST_TIME = Duration.ofSeconds(10);
    private static final Duration IDLE_TIME = Duration.ofSeconds(30);

    private final List<ApiRequest> seen = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ApiInitializer(new ApiRoutes() {
        @Override
        public ApiResponse answer(String method, String path, Map<String, List<String>> query) {
            throw new AssertionError("whole requests only");
        }

        @Override
        public ApiResponse answer(ApiRequest request) {
            seen.add(request);
            return ApiResponse.text(200, "answer to " + request.path());
        }
    }, Runnable::run, new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), REQUEST_TIME, IDLE_TIME));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private void advance(Duration d) {
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        String out = written();
        assertThat(out.indexOf("answer to /a")).isPositive().isLessThan(out.indexOf("answer to /b"));
        assertThat(seen).extracting(ApiRequest::path).containsExactly("/a", "/b");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aRequestDrippedSlowerThanTheRequestTimeIsCutThoughBytesKeepComing() {
        String request = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
        for (int i = 0; i < REQUEST_TIME.toSeconds() - 1; i++) {
            send(request.substring(i, i + 1));
            advance(Duration.ofSeconds(1));
            assertThat(channel.isOpen()).as("open after %d s", i + 1).isTrue();
        }
        send(request.substring(9, 10));
        advance(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).as("cut at the request time").isFalse();
        assertThat(seen).isEmpty();
    }

    @Test
    void aKeptAliveConnectionIsClosedWhenIdleAndNotWhileItWorks() {
        send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 200").contains("answer to /a");
        advance(IDLE_TIME.minusSeconds(1));
        assertThat(channel.isOpen()).isTrue();
        send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).contains("answer to /b");
        advance(IDLE_TIME.minusSeconds(1));
        assertThat(channel.isOpen()).as("the idle clock restarted after /b").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aDeclaredOversizedBodyIs413TheBodyIsSkippedAndTheConnectionGoesOn() {
        int size = ApiServer.MAX_REQUEST_BYTES + 1;
        send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n" + "x".repeat(size)
                + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
        String out = written();
        assertThat(out).startsWith("HTTP/1.1 413").contains("request body larger than " + ApiServer.MAX_REQUEST_BYTES)
                .contains("answer to /after");
        assertThat(seen).extracting(ApiRequest::path).containsExactly("/after");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheBoundIs413AndCloses() {
        String chunk = "x".repeat(8192);
        send("POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 9 && channel.isOpen(); i++) {
            send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
        assertThat(written()).startsWith("HTTP/1.1 413");
        assertThat(channel.isOpen()).isFalse();
        assertThat(seen).isEmpty();
    }

    @Test
    void malformedOrOverlongRequestsAreRefusedAndClosed() {
        send("GET /" + "a".repeat(ApiInitializer.MAX_INITIAL_LINE) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 431");
        assertThat(channel.isOpen()).isFalse();
        assertThat(seen).isEmpty();
    }

    @Test
    void aBadHeaderLineIs400() {
        send("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 400");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBadEscapeIs400AndKeepsTheConnection() {
        send("GET /x?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 400").contains("bad path or query string");
        assertThat(channel.isOpen()).isTrue();
    }
}
