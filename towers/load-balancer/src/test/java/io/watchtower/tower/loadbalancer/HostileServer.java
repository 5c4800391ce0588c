package io.watchtower.tower.loadbalancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** An HTTP "server" that misbehaves in one way on every connection: a {@link ScriptedServer} script per mode. */
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

    private final Mode mode;
    private final AtomicLong bytesSent = new AtomicLong();
    private final ScriptedServer server;

    HostileServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = ScriptedServer.plain(this::misbehave);
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/health";
    }

    long bytesSent() {
        return bytesSent.get();
    }

    private void misbehave(Socket s, InputStream in, OutputStream out) throws Exception {
        if (mode == Mode.RESET) {
            s.setSoLinger(true, 0);
            return;
        }
        in.read(new byte[4096]);
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
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
