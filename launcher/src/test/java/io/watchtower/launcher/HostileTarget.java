package io.watchtower.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP peer that misbehaves the same way on every connection, standing in for a broken
 * or hostile target. It speaks no protocol: it stalls, sends garbage or resets. (A peer that
 * announces a huge reply is the testkit's {@code OversizedReplyServer}.)
 */
final class HostileTarget implements AutoCloseable {

    /** How every connection is treated. */
    enum Mode {
        /** Accepts and never sends a byte. */
        SILENT,
        /** Sends 64 KiB of random bytes, then closes. */
        GARBAGE,
        /** Accepts, then resets the connection (RST). */
        RESET
    }

    private final ServerSocket server;
    private final Mode mode;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    HostileTarget(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread accept = new Thread(this::acceptLoop, "hostile-" + mode);
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "hostile-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case SILENT:
                    while (in.read() >= 0) {
                        // swallow whatever comes, answer nothing
                    }
                    break;
                case GARBAGE:
                    byte[] junk = new byte[64 * 1024];
                    new Random(s.getPort()).nextBytes(junk);
                    out.write(junk);
                    out.flush();
                    break;
                default:
                    s.setSoLinger(true, 0);
                    break;
            }
        } catch (IOException e) {
            // the client gave up: that is the point
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
