package io.watchtower.tower.loadbalancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** An HTTP "server" that misbehaves in one way on every connection. */
final class HostileServer implements AutoCloseable {

    enum Mode {
        /** Sends a valid response one byte per second. */
        DRIBBLE,
        /** Announces and sends a 1 GiB body as fast as the client reads. */
        ONE_GIGABYTE,
        /** Answers random bytes. */
        GARBAGE,
        /** Resets every connection at once. */
        RESET
    }

    private final ServerSocket server;
    private final Mode mode;
    private final AtomicLong bytesSent = new AtomicLong();

    HostileServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread acceptor = new Thread(this::accept, "hostile-" + mode);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/health";
    }

    long bytesSent() {
        return bytesSent.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "hostile-" + mode + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            if (mode == Mode.RESET) {
                s.setSoLinger(true, 0);
                return;
            }
            byte[] request = new byte[4096];
            in.read(request);
            switch (mode) {
                case DRIBBLE:
                    for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        bytesSent.incrementAndGet();
                        Thread.sleep(1000);
                    }
                    break;
                case ONE_GIGABYTE: {
                    long size = 1L << 30;
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk);
                        bytesSent.addAndGet(chunk.length);
                    }
                    break;
                }
                case GARBAGE: {
                    byte[] junk = new byte[8192];
                    new Random(7).nextBytes(junk);
                    out.write(junk);
                    out.flush();
                    bytesSent.addAndGet(junk.length);
                    break;
                }
                default:
                    break;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: that is the point
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
