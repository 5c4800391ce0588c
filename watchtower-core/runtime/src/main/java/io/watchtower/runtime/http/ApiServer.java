package io.watchtower.runtime.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's HTTP listener, on the JDK's own HTTP server ({@code jdk.httpserver}): one selector
 * thread, and up to {@link #MAX_WORKERS} request threads that exist only while requests are being
 * read or answered. A client that sends its request slowly holds one worker for at most
 * {@link #MAX_REQUEST_SECONDS}; connections beyond the workers are closed, never queued.
 * {@link ApiExchange} turns each request into a call of {@link ApiRoutes}.
 */
public final class ApiServer implements AutoCloseable {

    /** Requests are small; a body larger than this is refused with 413. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** The most requests read or answered at once. */
    public static final int MAX_WORKERS = 8;
    /** The longest a client may take to send one request; then its connection is closed. */
    public static final int MAX_REQUEST_SECONDS = 10;

    static {
        applyJdkServerLimits();
    }

    /**
     * Sets the JDK HTTP server's process-wide limits — {@value #MAX_REQUEST_SECONDS} s to send a
     * request, 30 s idle keep-alive — unless set on the command line. The JDK reads them once, when
     * the first server of the process is created, so the launcher calls this before anything else;
     * it also runs when this class loads.
     */
    public static void applyJdkServerLimits() {
        System.setProperty("sun.net.httpserver.maxReqTime",
                System.getProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS)));
        System.setProperty("sun.net.httpserver.idleInterval",
                System.getProperty("sun.net.httpserver.idleInterval", "30"));
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;

    private ApiServer(HttpServer server, ThreadPoolExecutor workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * Binds the listener.
     *
     * @param host address to bind, loopback by default
     * @param port port, 0 for any free one
     * @param routes what answers requests
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static ApiServer start(String host, int port, ApiRoutes routes) throws IOException {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException | RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
        server.setExecutor(workers);
        server.createContext("/", new ApiExchange(routes));
        server.start();
        return new ApiServer(server, workers);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
