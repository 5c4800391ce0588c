package io.watchtower.tower.loadbalancer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
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
 * Drives one exchange on the event loop: connect, optional TLS handshake, request, response.
 * All state changes happen on the channel's event loop; the result is published once.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

    private static final String USER_AGENT = "watchtower-load-balancer/0.1";

    private final Exchange.Builder b;
    private final CompletableFuture<Exchange> done;
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
    private ChannelHandlerContext ctx;

    ExchangeHandler(Exchange.Builder b, CompletableFuture<Exchange> done, TowerClock clock, long start, URI uri,
                    HttpMethod method, String backendHeader, long maxBody, boolean keepBody, boolean https,
                    Duration timeout, String authorization) {
        this.authorization = authorization;
        this.b = b;
        this.done = done;
        this.clock = clock;
        this.start = start;
        this.uri = uri;
        this.method = method;
        this.backendHeader = backendHeader;
        this.maxBody = maxBody;
        this.keepBody = keepBody;
        this.https = https;
        this.timeout = timeout;
    }

    void connecting() {
        connectStarted = clock.nanoTime();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        b.connectMillis = millisSince(connectStarted);
        if (https) {
            tlsStarted = clock.nanoTime();
        } else {
            send(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent handshake = (SslHandshakeCompletionEvent) event;
            if (!handshake.isSuccess()) {
                fail("TLS handshake failed: " + describe(handshake.cause()), false);
                return;
            }
            b.tlsMillis = millisSince(tlsStarted);
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            try {
                Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                    b.certificateNotAfter = ((X509Certificate) chain[0]).getNotAfter().toInstant();
                }
            } catch (SSLPeerUnverifiedException e) {
                // no certificate: nothing to report
            }
            send(ctx);
        }
        ctx.fireUserEventTriggered(event);
    }

    private void send(ChannelHandlerContext ctx) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path);
        String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.ACCEPT, "*/*")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        requestSent = clock.nanoTime();
        ctx.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail("could not send the request: " + describe(f.cause()), false);
            }
        });
    }

    /** Called by {@link FirstByteHandler} for raw bytes, before HTTP decoding. */
    void bytesArrived() {
        b.answered = true;
        if (requestSent > 0 && Double.isNaN(b.firstByteMillis)) {
            b.firstByteMillis = millisSince(requestSent);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (done.isDone()) {
                return;
            }
            if (msg instanceof HttpResponse) {
                HttpResponse response = (HttpResponse) msg;
                if (response.decoderResult().isFailure()) {
                    fail("invalid HTTP response: " + describe(response.decoderResult().cause()), true);
                    return;
                }
                b.status = response.status().code();
                if (backendHeader != null) {
                    b.backend = bounded(response.headers().get(backendHeader));
                }
            }
            if (msg instanceof HttpContent) {
                HttpContent content = (HttpContent) msg;
                if (content.decoderResult().isFailure()) {
                    fail("invalid HTTP response body: " + describe(content.decoderResult().cause()), true);
                    return;
                }
                count(content.content());
                if (b.capped) {
                    b.totalMillis = millisSince(start);
                    finish();
                    return;
                }
                if (msg instanceof LastHttpContent) {
                    b.totalMillis = millisSince(start);
                    finish();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(describe(cause), b.answered);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done.isDone()) {
            fail(b.answered ? "connection closed before the response was complete"
                    : "connection closed without a response", b.answered);
        }
        ctx.fireChannelInactive();
    }

    void connectFailed(Throwable cause) {
        fail("connect failed: " + describe(cause), false);
    }

    /** The deadline: whatever has not completed by now fails. */
    void expire() {
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

    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t.getClass().getName().startsWith("io.netty.handler.codec.Decoder"))) {
            t = t.getCause();
        }
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        text = text.replace('\n', ' ');
        if (text.toLowerCase(Locale.ROOT).startsWith("connection refused")) {
            text = "connection refused";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
