package io.watchtower.tower.loadbalancer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.watchtower.net.ClientTls;
import io.watchtower.net.EventLoops;
import io.watchtower.spi.TowerClock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/**
 * The tower's HTTP/1.1 client on Netty: one GET or HEAD per call on a fresh connection, on the
 * process's shared event loops ({@link EventLoops#shared()}), while the calling (probe) thread
 * waits for the result. Every call is bounded by one deadline, name resolution included, scheduled
 * on the channel's event loop; the response line and headers are bounded by the codec
 * ({@value #MAX_INITIAL_LINE} and {@value #MAX_HEADERS} bytes), and the body is counted, kept only
 * up to a cap, and never read past it ({@link ExchangeHandler}).
 *
 * <p>It keeps no thread of its own while idle: a host name is resolved on a short-lived daemon
 * thread (the JDK's resolver cannot be given a timeout), which ends a second after the last lookup.
 */
final class HttpFetcher implements AutoCloseable {

    /** Longest status line. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Largest header block. */
    static final int MAX_HEADERS = 16384;
    /** Largest piece of body handed over at once (the body itself is unbounded, only counted). */
    private static final int MAX_CHUNK = 16384;
    /** How long past its deadline the probe thread waits for the event loop to report. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);


    private final TowerClock clock;
    private final ClientTls tls;
    private ThreadPoolExecutor resolver;
    private boolean closed;

    /**
     * @param clock the tower's clock, for the deadline and the timings
     * @param tls the TLS client side for https URLs, or null when there are none
     */
    HttpFetcher(TowerClock clock, ClientTls tls) {
        this.clock = clock;
        this.tls = tls;
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
        long left = Math.max(1, deadline - clock.nanoTime());
        Bootstrap bootstrap = new Bootstrap().group(EventLoops.shared()).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                // the request's deadline ends a connect first; this only keeps a socket from outliving it
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        TimeUnit.NANOSECONDS.toMillis(left + GRACE_NANOS)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (https) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("first-byte", new FirstByteHandler(exchange))
                                .addLast("http", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                                .addLast("exchange", exchange);
                    }
                });
        exchange.connecting();
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, port));
        Channel channel = connect.channel();
        exchange.deadline(channel.eventLoop().schedule(exchange::expire, Math.max(1, deadline - clock.nanoTime()),
                TimeUnit.NANOSECONDS));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                exchange.connectFailed(f.cause());
            }
        });
        CompletableFuture<Exchange> result = exchange.result();
        try {
            return result.get(Math.max(1, deadline - clock.nanoTime()) + GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Exchange("no result within " + timeout.toMillis() + " ms", false, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, 0, false, null, null, null);
        } finally {
            channel.close(); // done already, or cancelled: either way this connection has nothing more to say
        }
    }

    /** Resolves a name within the time left (IP literals need no lookup, and report no DNS time). */
    private InetAddress resolve(String host, long deadline, Exchange.Builder b, long start)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (ClientTls.isIpLiteral(host)) {
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
            InetAddress address = lookup.get(Math.max(1, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
            b.dnsMillis = (clock.nanoTime() - start) / 1e6;
            return address;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
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

    /** Stops lookups; the shared event loops are not this client's to stop. */
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
