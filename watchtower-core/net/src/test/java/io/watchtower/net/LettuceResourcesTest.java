package io.watchtower.net;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LettuceResourcesTest {

    @Test
    void oneSetOfResourcesOnTheSharedEventLoops() {
        assertThat(LettuceResources.shared()).isSameAs(LettuceResources.shared());
        assertThat(LettuceResources.shared().eventLoopGroupProvider().allocate(NioEventLoopGroup.class))
                .isSameAs(EventLoops.shared());
        assertThat(LettuceResources.shared().eventLoopGroupProvider()
                .allocate(io.netty.channel.MultiThreadIoEventLoopGroup.class)).isSameAs(EventLoops.shared());
        assertThat(LettuceResources.shared().eventExecutorGroup()).as("callbacks on the shared loops")
                .isSameAs(EventLoops.shared());
        assertThat(LettuceResources.shared().timer()).as("timeouts on the shared loops, no timer thread")
                .isInstanceOf(LoopTimer.class);
    }

    /**
     * A peer that answers PING, then answers INFO with a bulk string declared 2 GB long and streams
     * it: Lettuce's command fails with the limit named, and the connection is closed, long before
     * the heap could fill; the connection ran on the shared loops and Lettuce started no thread.
     */
    @Test
    void aReplyBeyondTheLimitFailsItsCommandAndClosesTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> serveHostileInfo(server), "hostile-peer");
            peer.setDaemon(true);
            peer.start();
            RedisClient client = RedisClient.create(LettuceResources.shared());
            client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).autoReconnect(false)
                    .build());
            RedisURI uri = RedisURI.create("127.0.0.1", server.getLocalPort());
            uri.setLibraryName("");
            uri.setLibraryVersion("");
            uri.setTimeout(Duration.ofSeconds(10));
            try (StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8, uri)) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> c.async().info().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasRootCauseInstanceOf(ReplyByteLimit.ExceededException.class)
                        .hasStackTraceContaining("more than " + LettuceResources.MAX_REPLY_BYTES + " bytes");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (c.isOpen() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(c.isOpen()).isFalse();
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("lettuce-"));
            assertThat(EventLoops.shared().isShutdown()).as("a client's shutdown leaves the shared loops").isFalse();
        }
    }

    private static void serveHostileInfo(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                String command = new String(buffer, 0, n, StandardCharsets.UTF_8);
                if (command.contains("PING")) {
                    out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (command.contains("INFO")) {
                    out.write("$2000000000\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    for (int i = 0; i < 1024; i++) { // at most 64 MiB, stopped by the client's close
                        out.write(chunk);
                    }
                    return;
                } else {
                    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            // the client closed the connection: what it should do
        }
    }
}
