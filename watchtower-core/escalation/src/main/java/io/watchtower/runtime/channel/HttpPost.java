package io.watchtower.runtime.channel;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.watchtower.net.BoundedResolver;
import io.watchtower.net.ClientTls;
import io.watchtower.net.OneShotExchange;
import io.watchtower.net.TlsSettings;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One JSON POST with a bounded time, name resolution included ({@link BoundedResolver}), over
 * HTTP/1.1 on a connection of its own ({@link OneShotExchange}, on Netty's shared event loops):
 * 2xx is delivered, 408/429/5xx are retried, other 4xx rejected. An https URL is reached with the channel's {@code tls} block
 * ({@link TlsSettings}: its CA file, whether to verify, its server name), or the JDK's trust store
 * when the block is absent.
 */
final class HttpPost {

    /** How much of an answer's body an error message quotes. */
    static final int QUOTED_BODY = 300;

    private final Duration timeout;
    private final TlsSettings tlsSettings;
    private final BoundedResolver resolver;
    private ClientTls tls;

    /**
     * @param timeout the budget of one POST: name resolution, connection, TLS handshake, request and answer
     * @param tls the channel's {@code tls} block, or null for the JDK's trust store
     * @param resolver looks the URL's host up within the POST's budget
     */
    HttpPost(Duration timeout, TlsSettings tls, BoundedResolver resolver) {
        this.timeout = timeout;
        this.tlsSettings = tls == null ? TlsSettings.jdkDefaults() : tls;
        this.resolver = resolver;
    }

    /**
     * @param timeout the budget of one POST: name resolution, connection, TLS handshake, request and answer
     * @param tls the channel's {@code tls} block, or null for the JDK's trust store
     */
    HttpPost(Duration timeout, TlsSettings tls) {
        this(timeout, tls, BoundedResolver.system());
    }

    /** @param timeout the budget of one POST; https URLs are verified against the JDK's trust store */
    HttpPost(Duration timeout) {
        this(timeout, null);
    }

    void send(URI uri, String body, Map<String, String> headers) throws IOException, RejectedException,
            InterruptedException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        ClientTls clientTls = https ? tls() : null;
        long deadline = System.nanoTime() + timeout.toNanos();
        ResponseHandler.Answer answer;
        try {
            InetAddress address = resolve(uri, host);
            answer = OneShotExchange.run(new InetSocketAddress(address, port), host, clientTls,
                    deadline - System.nanoTime(),
                    new ResponseHandler(request(uri, host, port, https, body, headers), QUOTED_BODY));
        } catch (TimeoutException e) {
            throw noAnswer(uri, "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw noAnswer(uri, "");
            }
            throw failure(uri, host, port, e.getCause());
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while posting to " + uri);
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return;
        }
        String quoted = answer.body().strip();
        if (answer.truncated() || quoted.length() > QUOTED_BODY) {
            quoted = quoted.substring(0, Math.min(quoted.length(), QUOTED_BODY)) + "…";
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new RejectedException("HTTP " + status + " from " + uri + ": " + quoted);
        }
        throw new IOException("HTTP " + status + " from " + uri + ": " + quoted);
    }

    /** The URL's host, looked up within the POST's budget. */
    private InetAddress resolve(URI uri, String host) throws IOException {
        try {
            return resolver.resolve(host, timeout);
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve " + host + " (" + uri + "): " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw noAnswer(uri, " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while resolving " + host + " for " + uri);
        }
    }

    private IOException noAnswer(URI uri, String detail) {
        return new IOException("no answer from " + uri + " within " + timeout.toMillis() + " ms" + detail);
    }

    private synchronized ClientTls tls() throws SSLException {
        if (tls == null) {
            tls = ClientTls.of(tlsSettings); // the JDK's trust store is read only when something is https
        }
        return tls;
    }

    private static FullHttpRequest request(URI uri, String host, int port, boolean https, String body,
                                           Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(bytes));
        boolean defaultPort = port == (https ? 443 : 80);
        String hostHeader = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        request.headers().set(HttpHeaderNames.HOST, defaultPort ? hostHeader : hostHeader + ":" + port)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "watchtower");
        headers.forEach((name, value) -> request.headers().set(name, value));
        return request;
    }

    /** A failure as the operator needs to read it: a TLS problem says so and names the peer. */
    private IOException failure(URI uri, String host, int port, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new IOException(tlsSettings.handshakeFailure(host + ":" + port, t), cause);
            }
        }
        String message = cause == null ? "unknown failure" : cause.getMessage() == null ? cause.toString()
                : cause.getMessage();
        return new IOException("POST to " + uri + " failed: " + message, cause);
    }
}
