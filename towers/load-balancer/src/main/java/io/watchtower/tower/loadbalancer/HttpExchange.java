package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerClock;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;

/**
 * One request on a fresh connection, run on the calling thread: connect, TLS handshake for https,
 * send, read the response. Each phase is timed on the tower's clock; every blocking step waits at
 * most until the exchange's {@link Deadline}. Whatever goes wrong ends as an {@link Exchange}
 * saying what happened; only a cancelled probe ends as {@link InterruptedException}.
 */
final class HttpExchange {

    private static final String USER_AGENT = "watchtower-load-balancer/0.1";

    /** Where an exchange was when it failed, for the failure text. */
    private enum Phase { CONNECT, TLS, SEND, RESPONSE }

    private final TowerClock clock;
    private final TlsClient tls;
    private final Exchange.Builder b;
    private final long start;
    private final Deadline deadline;
    private final URI uri;
    private final HttpMethod method;
    private final String authorization;
    private final boolean https;
    private long requestSent;

    /**
     * @param clock the tower's clock
     * @param tls the TLS client (for https), or null
     * @param b the exchange so far (the resolution's time)
     * @param start when the exchange started, resolution included
     * @param deadline the exchange's deadline
     * @param uri the URI
     * @param method GET or HEAD
     * @param authorization the {@code Authorization} header, or null
     */
    HttpExchange(TowerClock clock, TlsClient tls, Exchange.Builder b, long start, Deadline deadline, URI uri,
                 HttpMethod method, String authorization) {
        this.clock = clock;
        this.tls = tls;
        this.b = b;
        this.start = start;
        this.deadline = deadline;
        this.uri = uri;
        this.method = method;
        this.authorization = authorization;
        this.https = "https".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * @param address the resolved address
     * @param port the port
     * @param backendHeader the response header naming the backend, or null
     * @param maxBody the most body bytes read
     * @param keepBody whether to keep the body
     * @return what happened
     * @throws InterruptedException when the probe is cancelled
     */
    Exchange run(InetAddress address, int port, String backendHeader, long maxBody, boolean keepBody)
            throws InterruptedException {
        DeadlineSocket plain = new DeadlineSocket(deadline);
        Socket socket = plain;
        Phase phase = Phase.CONNECT;
        try {
            long connecting = clock.nanoTime();
            plain.connect(new InetSocketAddress(address, port));
            b.connectMillis = millisSince(connecting);
            plain.setTcpNoDelay(true);
            if (https) {
                phase = Phase.TLS;
                long handshaking = clock.nanoTime();
                SSLSocket secure = tls.layer(plain, uri.getHost(), port);
                socket = secure;
                secure.startHandshake();
                b.tlsMillis = millisSince(handshaking);
                b.certificateNotAfter = notAfter(secure.getSession());
            }
            phase = Phase.SEND;
            requestSent = clock.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(request());
            out.flush();
            phase = Phase.RESPONSE;
            new ResponseReader(new ResponseInput(socket.getInputStream(), this::firstByte), b, method, backendHeader,
                    maxBody, keepBody).read();
            b.totalMillis = millisSince(start);
            return b.build();
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the probe was cancelled");
            }
            fail(phase, e);
            return b.build();
        } finally {
            plain.endInput();
            closeQuietly(socket);
            closeQuietly(plain);
        }
    }

    private byte[] request() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        StringBuilder request = new StringBuilder(256)
                .append(method.name()).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept: */*\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The first response byte (after TLS decryption): the server answered. */
    private void firstByte() {
        b.answered = true;
        if (requestSent > 0 && Double.isNaN(b.firstByteMillis)) {
            b.firstByteMillis = millisSince(requestSent);
        }
    }

    private void fail(Phase phase, IOException e) {
        if (timedOut(e)) {
            String stuck = Double.isNaN(b.connectMillis) ? "connecting"
                    : https && Double.isNaN(b.tlsMillis) ? "in the TLS handshake"
                    : b.status == 0 ? "waiting for the response" : "reading the body (" + b.bytes + " bytes so far)";
            b.failure = "no complete response within " + deadline.budget().toMillis() + " ms (stuck " + stuck + ")";
            return;
        }
        switch (phase) {
            case CONNECT:
                b.failure = "connect failed: " + describe(e);
                b.answered = false;
                break;
            case TLS:
                b.failure = "TLS handshake failed: " + describe(e);
                b.answered = false;
                break;
            case SEND:
                b.failure = "could not send the request: " + describe(e);
                b.answered = false;
                break;
            default:
                if (e instanceof ProtocolException) {
                    b.failure = (b.status == 0 ? "invalid HTTP response: " : "invalid HTTP response body: ") + e.getMessage();
                    b.answered = true;
                } else if (e instanceof EOFException) {
                    b.failure = b.answered ? "connection closed before the response was complete"
                            : "connection closed without a response";
                } else {
                    b.failure = describe(e);
                }
        }
    }

    /** Whether the deadline ended it: a socket timeout, possibly wrapped by the TLS layer. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Instant notAfter(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                return ((X509Certificate) chain[0]).getNotAfter().toInstant();
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: nothing to report
        }
        return null;
    }

    private double millisSince(long t) {
        return (clock.nanoTime() - t) / 1e6;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken connection: nothing more to learn
        }
    }

    /**
     * @param cause what went wrong
     * @return a one-line, bounded description of it for a failure text
     */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
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
