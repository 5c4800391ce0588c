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
 * or hostile target. It speaks no protocol: it stalls, sends garbage, resets, or — for the
 * PostgreSQL tower — declines TLS and then announces an error message of almost 2 GiB, dripping
 * bytes of it for as long as the client reads.
 */
final class HostileTarget implements AutoCloseable {

    /** How every connection is treated. */
    enum Mode {
        /** Accepts and never sends a byte. */
        SILENT,
        /** Sends 64 KiB of random bytes, then closes. */
        GARBAGE,
        /** Accepts, then resets the connection (RST). */
        RESET,
        /** Declines TLS ('N'), then answers the startup message with 'E' and a length of 0x7FFFFFF0, dripping. */
        HUGE_POSTGRES_ERROR
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
                case RESET:
                    s.setSoLinger(true, 0);
                    break;
                default:
                    hugePostgresError(in, out);
                    break;
            }
        } catch (IOException e) {
            // the client gave up: that is the point
        } finally {
            open.remove(s);
        }
    }

    private static void hugePostgresError(InputStream in, OutputStream out) throws IOException {
        while (true) {
            int length = readInt(in);
            if (length < 8) {
                return;
            }
            byte[] body = in.readNBytes(length - 4);
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: decline, the client goes on in clear
                out.write('N');
                out.flush();
                continue;
            }
            out.write(new byte[] {'E', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
            out.flush();
            byte[] drip = new byte[512];
            java.util.Arrays.fill(drip, (byte) 'x');
            for (int i = 0; i < 200_000; i++) { // at most ~100 MiB, in small writes, while the client reads
                out.write(drip);
                out.flush();
            }
            return;
        }
    }

    private static int readInt(InputStream in) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            return -1;
        }
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
