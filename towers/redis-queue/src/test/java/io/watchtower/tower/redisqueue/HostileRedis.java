package io.watchtower.tower.redisqueue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Redis impostor on a real loopback socket: it reads each command (a RESP array, as any client
 * sends), answers the handshake and PING as Redis would, and plays one scripted misbehaviour to
 * every command named in its script — bytes dripped, silence, garbage, huge declared lengths, a
 * hang-up mid-reply. Serves any number of connections, one thread each, until closed.
 */
final class HostileRedis implements AutoCloseable {

    /** What to do with one command. */
    interface Answer {
        void play(OutputStream out, Socket socket) throws IOException, InterruptedException;
    }

    static Answer send(String bytes) {
        return (out, s) -> {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    static Answer drip(String bytes, long millisPerByte) {
        return (out, s) -> {
            for (byte b : bytes.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(millisPerByte);
            }
        };
    }

    static Answer silence() {
        return (out, s) -> Thread.sleep(30_000);
    }

    static Answer hangUp(String partial) {
        return (out, s) -> {
            out.write(partial.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.close();
        };
    }

    /** A header, then filler bytes until the client hangs up (at most {@code maxMebibytes}). */
    static Answer stream(String header, String filler, int maxMebibytes) {
        return (out, s) -> {
            out.write(header.getBytes(StandardCharsets.UTF_8));
            byte[] unit = filler.getBytes(StandardCharsets.UTF_8);
            byte[] chunk = new byte[(64 * 1024 / unit.length) * unit.length];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = unit[i % unit.length];
            }
            long limit = (long) maxMebibytes << 20;
            for (long sent = 0; sent < limit; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        };
    }

    private final ServerSocket server;
    private final Map<String, Answer> script;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Every command received, as its name and arguments joined by spaces. */
    final List<String> received = new CopyOnWriteArrayList<>();

    /** @param script the misbehaviour per command name (upper case); other commands get Redis's answer */
    HostileRedis(Map<String, Answer> script) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.script = Map.copyOf(script);
        this.acceptor = new Thread(this::accept, "hostile-redis");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "hostile-redis-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (!s.isClosed()) {
                List<String> command = readCommand(in);
                if (command == null) {
                    return;
                }
                received.add(String.join(" ", command));
                String name = command.get(0).toUpperCase(Locale.ROOT);
                Answer answer = script.get(name);
                if (answer != null) {
                    answer.play(out, s);
                } else {
                    send(name.equals("PING") ? "+PONG\r\n" : "+OK\r\n").play(out, s);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the impostor is closing
        }
    }

    /** One RESP array of bulk strings; null at end of stream. */
    private static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (header == null || !header.startsWith("*")) {
            return null;
        }
        String[] parts = new String[Integer.parseInt(header.substring(1))];
        for (int i = 0; i < parts.length; i++) {
            int length = Integer.parseInt(line(in).substring(1));
            parts[i] = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            in.readNBytes(2);
        }
        return Arrays.asList(parts);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8).strip();
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
