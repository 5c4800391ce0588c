package io.watchtower.tower.loadbalancer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.watchtower.net.OneShotExchange;
import io.watchtower.spi.TowerClock;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one exchange on the event loop, timed from the channel's own events: connected
 * ({@code channelActive}), TLS handshake done (its completion event), first response byte
 * ({@link FirstByteHandler}), last body byte ({@link LastHttpContent}). The body is counted as it
 * streams by and the connection is closed at the cap; nothing aggregates it. Every state change
 * happens on the channel's event loop and the result is published once; the deadline, scheduled
 * on that loop by {@link OneShotExchange}, fails whatever has not finished.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter implements OneShotExchange.Conversation<Exchange> {

    /** Largest piece of body handed over at once (the body itself is unbounded, only counted). */
    private static final int MAX_CHUNK = 16384;

    private static final String USER_AGENT = "watchtower-load-balancer/0.1";

    private final Exchange.Builder b;
    private final CompletableFuture<Exchange> done = new CompletableFuture<>();
    private final TowerClock clock;
    private final long start;
    private final URI uri;
    private final HttpMethod method;
    private final String backendHeader;
    private final long maxBody;
    private final boolean keepBody;
    private final boolean https;
    private final Duration timeout;
    private final String authorization;
    private long connectStarted;
    private long tlsStarted;
    private long requestSent;
    /** An interim (1xx) response is being skipped until its end. */
    private boolean interim;
    private ChannelHandlerContext ctx;

    /**
     * @param b the exchange so far (the resolution's time)
     * @param clock the tower's clock
     * @param start when the exchange started, resolution included
     * @param uri the URI
     * @param method GET or HEAD
     * @param backendHeader the response header naming the backend, or null
     * @param maxBody the most body bytes counted
     * @param keepBody whether to keep the body
     * @param timeout the exchange's budget, for the failure text
     * @param authorization the {@code Authorization} header, or null
     */
    ExchangeHandler(Exchange.Builder b, TowerClock clock, long start, URI uri, HttpMethod method, String backendHeader,
                    long maxBody, boolean keepBody, Duration timeout, String authorization) {
        this.b = b;
        this.clock = clock;
        this.start = start;
        this.uri = uri;
        this.method = method;
        this.backendHeader = backendHeader;
        this.maxBody = maxBody;
        this.keepBody = keepBody;
        this.https = "https".equalsIgnoreCase(uri.getScheme());
        this.timeout = timeout;
        this.authorization = authorization;
    }

    /** @return completed once with what happened */
    @Override
    public CompletableFuture<Exchange> result() {
        return done;
    }

    @Override
    public void initChannel(ChannelPipeline pipeline) {
        pipeline.addLast("first-byte", new FirstByteHandler(this))
                .addLast("http", new HttpClientCodec(HttpFetcher.MAX_INITIAL_LINE, HttpFetcher.MAX_HEADERS, MAX_CHUNK))
                .addLast("exchange", this);
    }

    /** The connect is about to start. */
    void connecting() {
        connectStarted = clock.nanoTime();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        b.connectMillis = millisSince(connectStarted);
        if (https) {
            tlsStarted = clock.nanoTime();
        } else {
            send(context);
        }
        context.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !done.isDone()) {
            if (!handshake.isSuccess()) {
                fail("TLS handshake failed: " + describe(handshake.cause()), false);
                return;
            }
            b.tlsMillis = millisSince(tlsStarted);
            SslHandler ssl = context.pipeline().get(SslHandler.class);
            try {
                Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                    b.certificateNotAfter = x509.getNotAfter().toInstant();
                }
            } catch (SSLPeerUnverifiedException e) {
                // no certificate: nothing to report
            }
            send(context);
        }
        context.fireUserEventTriggered(event);
    }

    private void send(ChannelHandlerContext context) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.valueOf(method.name()), path);
        String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        request.headers().set("Host", host)
                .set("User-Agent", USER_AGENT)
                .set("Accept", "*/*")
                .set("Connection", HttpHeaderValues.CLOSE);
        if (authorization != null) {
            request.headers().set("Authorization", authorization);
        }
        requestSent = clock.nanoTime();
        context.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail("could not send the request: " + describe(f.cause()), false);
            }
        });
    }

    /** Response bytes arrived (decrypted, before HTTP decoding). */
    void bytesArrived() {
        b.answered = true;
        if (requestSent > 0 && Double.isNaN(b.firstByteMillis)) {
            b.firstByteMillis = millisSince(requestSent);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (done.isDone()) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    fail("invalid HTTP response: " + describe(response.decoderResult().cause()), true);
                    return;
                }
                int code = response.status().code();
                interim = code >= 100 && code < 200 && code != 101;
                if (interim) {
                    return; // 100 Continue, 103 Early Hints: the real response follows
                }
                b.status = code;
                if (backendHeader != null) {
                    b.backend = bounded(response.headers().get(backendHeader));
                }
            }
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) {
                    fail("invalid HTTP response body: " + describe(content.decoderResult().cause()), true);
                    return;
                }
                if (interim) {
                    interim = !(msg instanceof LastHttpContent);
                    return;
                }
                count(content.content());
                if (b.capped || msg instanceof LastHttpContent) {
                    b.totalMillis = millisSince(start);
                    finish();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Counts body bytes up to the cap, keeping them when asked; past the cap nothing more is read. */
    private void count(ByteBuf content) {
        int readable = content.readableBytes();
        long room = maxBody - b.bytes;
        int take = (int) Math.min(readable, Math.max(0, room));
        if (keepBody && take > 0) {
            if (b.body == null) {
                b.body = new ByteArrayOutputStream();
            }
            byte[] chunk = new byte[take];
            content.getBytes(content.readerIndex(), chunk);
            b.body.write(chunk, 0, take);
        }
        b.bytes += take;
        if (readable > room) {
            b.capped = true;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (https && Double.isNaN(b.tlsMillis) && !Double.isNaN(b.connectMillis)) {
            fail("TLS handshake failed: " + describe(cause), false);
        } else {
            fail(describe(cause), b.answered);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (!done.isDone()) {
            fail(b.answered ? "connection closed before the response was complete"
                    : "connection closed without a response", b.answered);
        }
        context.fireChannelInactive();
    }

    /**
     * The connect failed.
     *
     * @param cause why
     */
    @Override
    public void connectFailed(Throwable cause) {
        fail("connect failed: " + describe(cause), false);
    }

    /** The deadline: whatever has not completed by now fails. */
    @Override
    public void expire() {
        if (done.isDone()) {
            return;
        }
        String phase = Double.isNaN(b.connectMillis) ? "connecting"
                : https && Double.isNaN(b.tlsMillis) ? "in the TLS handshake"
                : b.status == 0 ? "waiting for the response" : "reading the body (" + b.bytes + " bytes so far)";
        fail("no complete response within " + timeout.toMillis() + " ms (stuck " + phase + ")", b.answered);
    }

    private void fail(String reason, boolean answered) {
        if (done.isDone()) {
            return;
        }
        b.failure = reason;
        b.answered = answered;
        finish();
    }

    private void finish() {
        if (done.isDone()) {
            return;
        }
        done.complete(b.build());
        if (ctx != null) {
            ctx.channel().config().setAutoRead(false);
            ctx.channel().close();
        }
    }

    private double millisSince(long t) {
        return (clock.nanoTime() - t) / 1e6;
    }

    private static String bounded(String value) {
        if (value == null) {
            return null;
        }
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }

    /**
     * @param cause what went wrong
     * @return a one-line, bounded description of it for a failure text
     */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t.getClass().getName().startsWith("io.netty.handler.codec.Decoder"))) {
            t = t.getCause();
        }
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        text = text.replace('\n', ' ');
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("connection refused") || lower.contains(": connection refused")) {
            text = "connection refused";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
