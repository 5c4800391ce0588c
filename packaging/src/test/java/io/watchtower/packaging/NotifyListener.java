package io.watchtower.packaging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the service manager's side of sd_notify: a bound AF_UNIX datagram socket (what systemd
 * passes in $NOTIFY_SOCKET) that collects every message the daemon sends.
 */
final class NotifyListener implements AutoCloseable {

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int setsockopt(int fd, int level, int name, long[] value, int length) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private final Path path;
    private final int fd;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    NotifyListener(Path path) throws IOException {
        this.path = path;
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer address = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
        address.putShort((short) 1).put(name);
        this.fd = LIBC.socket(1, 2, 0);
        LIBC.bind(fd, address.array(), 2 + name.length + 1);
        LIBC.setsockopt(fd, 1, 20, new long[] {0, 200_000}, 16); // SO_RCVTIMEO 200 ms
        path.toFile().setWritable(true, false); // the service user must be able to send
        reader = new Thread(this::read, "notify-listener");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            try {
                int n = LIBC.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
                messages.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                // timeout: look at `closed` again
            }
        }
    }

    Path path() {
        return path;
    }

    /**
     * Waits for a message.
     *
     * @return the first message (after those already taken) matching {@code wanted}
     */
    String await(String what, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no " + what + " notification within " + timeout + "; got " + seen);
            }
            seen.add(message);
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    /** @return every message taken so far */
    List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(2_000);
        LIBC.close(fd);
        Files.deleteIfExists(path);
    }
}
