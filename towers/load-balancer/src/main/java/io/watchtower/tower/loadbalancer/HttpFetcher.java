package io.watchtower.tower.loadbalancer;

import io.watchtower.net.BoundedResolver;
import io.watchtower.net.ClientTls;
import io.watchtower.net.EventLoops;
import io.watchtower.net.OneShotExchange;
import io.watchtower.spi.TowerClock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The tower's HTTP/1.1 client on Netty: one GET or HEAD per call on a fresh connection
 * ({@link OneShotExchange}, on the process's shared event loops), while the calling (probe) thread
 * waits for the result. Every call is bounded by one deadline, name resolution included
 * ({@link BoundedResolver}); the response line and headers are bounded by the codec
 * ({@value #MAX_INITIAL_LINE} and {@value #MAX_HEADERS} bytes), and the body is counted, kept only
 * up to a cap, and never read past it ({@link ExchangeHandler}). It keeps no thread of its own.
 */
final class HttpFetcher implements AutoCloseable {

    /** Longest status line. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Largest header block. */
    static final int MAX_HEADERS = 16384;

    private final TowerClock clock;
    private final ClientTls tls;
    private final BoundedResolver resolver;
    private boolean closed;

    /**
     * @param clock the tower's clock, for the deadline and the timings
     * @param tls the TLS client side for https URLs, or null when there are none
     */
    HttpFetcher(TowerClock clock, ClientTls tls) {
        this(clock, tls, BoundedResolver.system());
    }

    /**
     * @param clock the tower's clock, for the deadline and the timings
     * @param tls the TLS client side for https URLs, or null when there are none
     * @param resolver looks host names up within the request's deadline
     */
    HttpFetcher(TowerClock clock, ClientTls tls, BoundedResolver resolver) {
        this.clock = clock;
        this.tls = tls;
        this.resolver = resolver;
        // start the shared loops (in a daemon, the API server has already) so that their one-time
        // start, native transport included, never counts against a request's deadline
        EventLoops.shared();
    }

    /**
     * One request.
     *
     * @param uri an http or https URI
     * @param method GET or HEAD
     * @param backendHeader the response header naming the backend, or null
     * @param maxBody the most body bytes to read
     * @param keepBody whether to keep the body (up to {@code maxBody})
     * @param timeout the whole exchange's budget, resolution included
     * @return what happened; never throws for network trouble
     * @throws InterruptedException when the probe is cancelled
     */
    Exchange fetch(URI uri, HttpMethod method, String backendHeader, long maxBody, boolean keepBody, Duration timeout)
            throws InterruptedException {
        return fetch(uri, method, backendHeader, maxBody, keepBody, timeout, null);
    }

    /**
     * One request with an {@code Authorization} header.
     *
     * @param authorization the header value, or null
     * @see #fetch(URI, HttpMethod, String, long, boolean, Duration)
     */
    Exchange fetch(URI uri, HttpMethod method, String backendHeader, long maxBody, boolean keepBody, Duration timeout,
                   String authorization) throws InterruptedException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("the probe was cancelled");
        }
        long start = clock.nanoTime();
        long deadline = start + timeout.toNanos();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        Exchange.Builder b = new Exchange.Builder();
        InetAddress address;
        try {
            address = resolve(host, deadline, b, start);
        } catch (UnknownHostException e) {
            b.failure = "cannot resolve " + host + (e.getMessage() == null || e.getMessage().equals(host) ? "" : ": " + e.getMessage());
            return b.build();
        } catch (TimeoutException e) {
            b.failure = "resolving " + host + " took longer than " + timeout.toMillis() + " ms";
            return b.build();
        }
        if (https && tls == null) {
            throw new IllegalStateException("an https URL without TLS settings: " + uri);
        }
        ExchangeHandler exchange = new ExchangeHandler(b, clock, start, uri, method, backendHeader, maxBody, keepBody,
                timeout, authorization);
        exchange.connecting();
        try {
            return OneShotExchange.run(new InetSocketAddress(address, port), host, https ? tls : null,
                    deadline - clock.nanoTime(), exchange);
        } catch (ExecutionException | TimeoutException e) {
            return new Exchange("no result within " + timeout.toMillis() + " ms", false, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, 0, false, null, null, null);
        }
    }

    /** Resolves a name within the time left (IP literals need no lookup, and report no DNS time). */
    private InetAddress resolve(String host, long deadline, Exchange.Builder b, long start)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (ClientTls.isIpLiteral(host)) {
            return InetAddress.getByName(host);
        }
        InetAddress address = resolver.resolve(host, Duration.ofNanos(Math.max(1, deadline - clock.nanoTime())));
        b.dnsMillis = (clock.nanoTime() - start) / 1e6;
        return address;
    }

    /** Refuses further requests; the shared event loops and the resolver are not this client's to stop. */
    @Override
    public synchronized void close() {
        closed = true;
    }
}
