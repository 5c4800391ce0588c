package io.watchtower.resp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hostile or broken peer on a real loopback socket: for each command it receives (read as a
 * RESP array) it plays the next scripted answer — bytes at once, bytes one at a time with a delay,
 * silence, or a close. Records what it received, byte for byte.
 */
final class ScriptedPeer implements AutoCloseable {

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
        return (out, s) -> Thread.sleep(60_000);
    }

    static Answer hangUp(String partial) {
        return (out, s) -> {
            out.write(partial.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.close();
        };
    }

    private final ServerSocket server;
    private final LinkedBlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    ScriptedPeer(Answer... answers) throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        script.addAll(List.of(answers));
        thread = new Thread(this::serve, "scripted-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (!s.isClosed()) {
                    String command = readCommand(in);
                    if (command == null) {
                        break;
                    }
                    received.add(command);
                    Answer next = script.poll(5, TimeUnit.SECONDS);
                    if (next == null) {
                        break;
                    }
                    next.play(out, s);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the peer is closing
            }
        }
    }

    /** One RESP array of bulk strings, returned as its raw bytes; null at end of stream. */
    private static String readCommand(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String header = line(in, raw);
        if (header == null) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(line(in, raw).substring(1));
            raw.write(in.readNBytes(length + 2));
        }
        return raw.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            raw.write(c);
            if (c == '\n') {
                return s.toString().strip();
            }
            s.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
