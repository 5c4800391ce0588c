package io.watchtower.launcher;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The service manager's notification socket ({@code $NOTIFY_SOCKET}): an {@code AF_UNIX}
 * datagram socket, which the JDK cannot open (its Unix-domain channels are stream-only), so the
 * few libc calls needed go through JNA. A path starting with {@code @} is an abstract socket.
 */
final class NotifySocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int SUN_PATH_MAX = 108;

    /** The libc functions used; declared with {@link LastErrorException} so errno is reported. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int clock_gettime(int clock, long[] timespec) throws LastErrorException;
    }

    private static volatile LibC libc;

    private final byte[] address;
    private final int addressLength;
    private final String name;
    private int fd;

    private NotifySocket(String name, byte[] address, int addressLength, int fd) {
        this.name = name;
        this.address = address;
        this.addressLength = addressLength;
        this.fd = fd;
    }

    static LibC libc() {
        LibC loaded = libc;
        if (loaded == null) {
            loaded = Native.load("c", LibC.class);
            libc = loaded;
        }
        return loaded;
    }

    /**
     * Opens an unbound datagram socket that sends to {@code path}.
     *
     * @param path {@code $NOTIFY_SOCKET}: a file system path, or {@code @name} for an abstract socket
     * @return the socket
     * @throws IOException when the path is invalid or the socket cannot be created
     */
    static NotifySocket open(String path) throws IOException {
        byte[] address = sockaddr(path);
        int length = addressLength(path);
        try {
            int fd = libc().socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            return new NotifySocket(path, address, length, fd);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("cannot create a datagram socket for NOTIFY_SOCKET " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code struct sockaddr_un} for {@code path}.
     *
     * @param path a file system path, or {@code @name} for an abstract socket
     * @return the address bytes (family in native byte order, then the path)
     * @throws IOException when the path is empty, relative or too long
     */
    static byte[] sockaddr(String path) throws IOException {
        boolean abstractName = path.startsWith("@");
        if (path.isEmpty() || (!abstractName && !path.startsWith("/"))) {
            throw new IOException("NOTIFY_SOCKET must be an absolute path or @name, got \"" + path + "\"");
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) {
            throw new IOException("NOTIFY_SOCKET is longer than " + (SUN_PATH_MAX - 1) + " bytes: " + path);
        }
        ByteBuffer buffer = ByteBuffer.allocate(2 + SUN_PATH_MAX).order(ByteOrder.nativeOrder());
        buffer.putShort((short) AF_UNIX);
        buffer.put(name);
        byte[] address = buffer.array();
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    /** @return the address length: an abstract name has no terminating NUL, a path has one */
    static int addressLength(String path) {
        int length = path.getBytes(StandardCharsets.UTF_8).length;
        return path.startsWith("@") ? 2 + length : 2 + length + 1;
    }

    /**
     * Sends one datagram.
     *
     * @param message newline-separated {@code KEY=VALUE} assignments
     * @throws IOException when it cannot be sent
     */
    synchronized void send(String message) throws IOException {
        if (fd < 0) {
            throw new IOException("notification socket closed");
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            libc().sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, addressLength);
        } catch (LastErrorException e) {
            throw new IOException("cannot notify the service manager on " + name + ": errno " + e.getErrorCode(), e);
        }
    }

    /** @return {@code CLOCK_MONOTONIC} in microseconds, the clock systemd reads MONOTONIC_USEC against */
    static long monotonicMicros() {
        long[] timespec = new long[2];
        libc().clock_gettime(CLOCK_MONOTONIC, timespec);
        return timespec[0] * 1_000_000L + timespec[1] / 1_000L;
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                libc().close(fd);
            } catch (LastErrorException e) {
                // nothing left to release
            }
            fd = -1;
        }
    }
}
