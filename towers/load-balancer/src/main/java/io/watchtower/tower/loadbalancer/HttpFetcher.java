package io.watchtower.tower.loadbalancer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.watchtower.spi.TowerClock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 client on Netty that sends one GET or HEAD per call on a fresh connection and
 * times each phase. Every call is bounded: a deadline on the event loop closes the connection,
 * the response line and headers are size-limited, and the body is counted, kept only up to a cap,
 * and never read past it.
 */
final class HttpFetcher implements AutoCloseable {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 16384;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private final TowerClock clock;
    private final SslContext tls;
    private final boolean verifyHostname;
    private EventLoopGroup group;
    private ExecutorService resolver;
    private boolean closed;

    HttpFetcher(TowerClock clock, SslContext tls, boolean verifyHostname) {
        this.clock = clock;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
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
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        long leftMillis = Math.max(1, (deadline - clock.nanoTime()) / 1_000_000);
        ExchangeHandler handler = new ExchangeHandler(b, done, clock, start, uri, method, backendHeader, maxBody,
                keepBody, https, timeout, authorization);
        Bootstrap bootstrap = new Bootstrap().group(group()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, leftMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (https) {
                            SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
                            if (verifyHostname) {
                                SSLEngine engine = ssl.engine();
                                SSLParameters parameters = engine.getSSLParameters();
                                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                                engine.setSSLParameters(parameters);
                            }
                            ssl.setHandshakeTimeoutMillis(leftMillis);
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("first-byte", new FirstByteHandler(handler));
                        ch.pipeline().addLast("http", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADERS, 16384));
                        ch.pipeline().addLast("exchange", handler);
                    }
                });
        handler.connecting();
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address, port));
        Channel channel = connect.channel();
        channel.eventLoop().schedule(() -> handler.expire(), leftMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                handler.connectFailed(f.cause());
            }
        });
        try {
            return done.get(leftMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            channel.close();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            channel.close();
            return new Exchange("no result within " + timeout.toMillis() + " ms", false, 0, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, 0, false, null, null, null);
        }
    }

    private InetAddress resolve(String host, long deadline, Exchange.Builder b, long start)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (IP_LITERAL.matcher(host).matches()) {
            return InetAddress.getByName(host);
        }
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, resolver());
        try {
            InetAddress address = lookup.get(Math.max(1, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
            b.dnsMillis = (clock.nanoTime() - start) / 1e6;
            return address;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw (UnknownHostException) e.getCause();
            }
            throw new UnknownHostException(String.valueOf(e.getCause()));
        }
    }

    private synchronized EventLoopGroup group() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, (java.util.concurrent.ThreadFactory) r -> daemon(r, "load-balancer-io"),
                    NioIoHandler.newFactory());
        }
        return group;
    }

    private synchronized ExecutorService resolver() {
        if (resolver == null) {
            resolver = Executors.newCachedThreadPool(r -> daemon(r, "load-balancer-dns"));
        }
        return resolver;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }
}
