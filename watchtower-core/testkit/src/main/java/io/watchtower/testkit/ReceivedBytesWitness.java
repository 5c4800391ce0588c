package io.watchtower.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A TCP server on loopback that counts every byte a tower sends it, for towers that only connect
 * (and perhaps read a greeting): a tower that sends nothing cannot write anything. Each connection
 * gets the greeting, if any, and is read until the tower closes it.
 */
public final class ReceivedBytesWitness implements MutationWitness {

    private static final Duration CONNECTIONS_END = Duration.ofSeconds(10);

    private final ServerSocket server;
    private final byte[] greeting;
    private final String settings;
    private final AtomicLong received = new AtomicLong();
    private final List<Thread> readers = new ArrayList<>();
    /** The client ports of the connections accepted so far. */
    private final java.util.Set<Integer> acceptedFrom = new java.util.HashSet<>();

    /**
     * @param greeting a line sent on every connection (for example an SSH banner), or null for none
     * @param settings the tower block for a server at the given {@code host:port}
     * @throws IOException when no port can be bound
     */
    public ReceivedBytesWitness(String greeting, Function<String, String> settings) throws IOException {
        this.greeting = greeting == null ? new byte[0] : greeting.getBytes(StandardCharsets.UTF_8);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.settings = settings.apply("127.0.0.1:" + server.getLocalPort());
        Thread acceptor = new Thread(this::accept, "received-bytes-witness");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread reader = new Thread(() -> serve(s), "received-bytes-reader");
            reader.setDaemon(true);
            synchronized (readers) {
                readers.add(reader);
                acceptedFrom.add(s.getPort());
                readers.notifyAll();
            }
            reader.start();
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            out.write(greeting);
            out.flush();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // the tower reset the connection: what it sent before is counted
        }
    }

    @Override
    public String settings() {
        return settings;
    }

    @Override
    public long writes() {
        long deadline = System.nanoTime() + CONNECTIONS_END.toNanos();
        List<Thread> open = readersAfterEveryPendingAccept(deadline);
        for (Thread reader : open) {
            try {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the tower's connections to end", e);
            }
            if (reader.isAlive()) {
                throw new AssertionError("a connection of the tower is still open " + CONNECTIONS_END.toSeconds()
                        + " s after it was closed");
            }
        }
        return received.get();
    }

    /**
     * Connects once more and waits until that connection is accepted: connections are accepted in
     * the order they arrived, so every connection the tower made is accepted by then.
     */
    private List<Thread> readersAfterEveryPendingAccept(long deadline) {
        try (Socket marker = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            synchronized (readers) {
                while (!acceptedFrom.contains(marker.getLocalPort())) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new AssertionError("the witness did not accept its own connection within "
                                + CONNECTIONS_END.toSeconds() + " s");
                    }
                    readers.wait(left);
                }
                return List.copyOf(readers);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot connect to the witness itself", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the witness to accept", e);
        }
    }

    @Override
    public String describe() {
        return "bytes the tower sent to a TCP server it should only connect to";
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
