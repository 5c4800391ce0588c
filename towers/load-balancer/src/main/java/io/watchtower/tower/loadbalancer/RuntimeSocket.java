package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sends one read-only command ({@code show stat}) to HAProxy's runtime API unix socket and reads
 * the answer, bounded in time and size. Only {@code show} commands are ever sent.
 */
final class RuntimeSocket {

    private final Path path;
    private final TowerClock clock;

    RuntimeSocket(Path path, TowerClock clock) {
        this.path = path;
        this.clock = clock;
    }

    String showStat(Duration timeout, int maxBytes) throws IOException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (true) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    throw new IOException("runtime API " + path + " did not finish answering within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, left / 1_000_000));
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("interrupted");
                }
                selector.selectedKeys().clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                if (answer.size() > maxBytes) {
                    throw new IOException("runtime API answer larger than " + maxBytes + " bytes");
                }
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
