package io.watchtower.runtime.http;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.watchtower.net.EventLoops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's HTTP listener on Netty, serving: made by {@link ApiListener#serve} from a bound
 * socket (or by {@link #start}, which binds and serves at once), closed here. Connections live on the process's
 * shared event loops ({@link EventLoops#shared()}); the pipeline is {@link ApiInitializer}'s and
 * the request logic {@link ApiHandler}'s. Routes that {@link ApiRoutes#quick answer at once} run on
 * the event loop; every other request runs on a small bounded pool of {@value #WORKERS} threads, so
 * a route that reads the disk or waits for PostgreSQL never stalls the event loop.
 *
 * <p>A slow client costs a channel, not a thread: a request must arrive whole within
 * {@link #MAX_REQUEST_SECONDS} of its first byte and a kept-alive connection may stay idle for
 * {@link #IDLE_SECONDS}; then the connection is closed ({@link RequestTimeouts}).
 */
public final class ApiServer implements AutoCloseable {

    /** Requests are small; a body larger than this is refused with 413. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Threads that answer the routes that are not quick; they exist only while there is work. */
    public static final int WORKERS = 4;
    /** Requests waiting for a worker; beyond this a request is answered 503 at once. */
    static final int QUEUED_REQUESTS = 64;
    /** The longest a client may take to send one request, from its first byte; then its connection is closed. */
    public static final int MAX_REQUEST_SECONDS = 10;
    /** The longest a kept-alive connection may wait for its next request. */
    public static final int IDLE_SECONDS = 30;

    private final Channel listener;
    private final ChannelGroup connections;
    private final ThreadPoolExecutor workers;
    private final ApiInitializer initializer;

    private ApiServer(Channel listener, ChannelGroup connections, ThreadPoolExecutor workers,
                      ApiInitializer initializer) {
        this.listener = listener;
        this.connections = connections;
        this.workers = workers;
        this.initializer = initializer;
    }

    /**
     * Binds the listener and serves at once ({@link ApiListener#bind} then {@link ApiListener#serve}).
     *
     * @param host address to bind, loopback by default
     * @param port port, 0 for any free one
     * @param routes what answers requests
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static ApiServer start(String host, int port, ApiRoutes routes) throws IOException {
        return ApiListener.bind(host, port).serve(routes);
    }

    /** {@link #start(String, int, ApiRoutes)} with other timeouts, for tests. */
    static ApiServer start(String host, int port, ApiRoutes routes, Duration requestTime, Duration idleTime)
            throws IOException {
        return ApiListener.bind(host, port).serve(routes, requestTime, idleTime);
    }

    /** The server of a bound listener; {@link ApiListener#serve} makes it accept. */
    static ApiServer on(Channel listener, ApiRoutes routes, Duration requestTime, Duration idleTime) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), daemonThreads());
        workers.allowCoreThreadTimeOut(true);
        // the group notifies on one of the shared loops: no executor thread of its own
        ChannelGroup connections = new DefaultChannelGroup("api", EventLoops.shared().next());
        return new ApiServer(listener, connections, workers,
                new ApiInitializer(routes, workers, connections, requestTime, idleTime));
    }

    /** @return the pipeline every accepted connection gets */
    ApiInitializer initializer() {
        return initializer;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops listening and closes every open connection; the shared event loops go on. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
