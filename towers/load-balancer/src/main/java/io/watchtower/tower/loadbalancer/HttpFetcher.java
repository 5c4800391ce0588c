package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerClock;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A small blocking HTTP/1.1 client on the JDK's sockets that sends one GET or HEAD per call on a
 * fresh connection, on the calling (probe) thread, and times each phase. Every call is bounded by
 * one deadline, name resolution included; the response line and headers are size-limited, and
 * the body is counted, kept only up to a cap, and never read past it (see {@link ResponseReader}).
 *
 * <p>It keeps no thread while idle: a host name is resolved on a short-lived daemon thread (the
 * JDK's resolver cannot be given a timeout), which ends a second after the last lookup.
 */
final class HttpFetcher implements AutoCloseable {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private final TowerClock clock;
    private final TlsClient tls;
    private ThreadPoolExecutor resolver;
    private boolean closed;

    /**
     * @param clock the tower's clock, for the deadline and the timings
     * @param tls the TLS client for https URLs, or null when there are none
     */
    HttpFetcher(TowerClock clock, TlsClient tls) {
        this.clock = clock;
        this.tls = tls;
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
        Deadline deadline = new Deadline(clock, start, timeout);
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
        return new HttpExchange(clock, tls, b, start, deadline, uri, method, authorization)
                .run(address, port, backendHeader, maxBody, keepBody);
    }

    /** @return whether {@code host} is an IP address (no resolution, no SNI) rather than a name */
    static boolean isIpLiteral(String host) {
        return IP_LITERAL.matcher(host).matches();
    }

    /** Resolves a name within the time left (IP literals need no lookup, and report no DNS time). */
    private InetAddress resolve(String host, Deadline deadline, Exchange.Builder b, long start)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (isIpLiteral(host)) {
            return InetAddress.getByName(host);
        }
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, resolver());
        try {
            InetAddress address = lookup.get(Math.max(1, deadline.nanosLeft()), TimeUnit.NANOSECONDS);
            b.dnsMillis = (clock.nanoTime() - start) / 1e6;
            return address;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw (UnknownHostException) e.getCause();
            }
            throw new UnknownHostException(String.valueOf(e.getCause()));
        }
    }

    /**
     * Lookup threads are made on demand and end after a second without work, so an idle tower has
     * none; a lookup the OS never finishes costs one thread until it does, never the probe.
     */
    private synchronized ThreadPoolExecutor resolver() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (resolver == null) {
            resolver = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "load-balancer-dns");
                t.setDaemon(true);
                return t;
            });
        }
        return resolver;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }
}
