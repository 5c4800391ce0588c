package io.watchtower.resp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One blocking RESP2 connection to a Redis server. Commands go one at a time (callers on several
 * threads are serialised). Any I/O or protocol failure closes the connection ({@link #isOpen()}
 * turns false); an error reply leaves it open.
 *
 * <p>Blocking reads are not interruptible: a command returns or fails by its deadline, and
 * {@link #close()} from another thread ends it at once.
 */
public final class RespConnection implements AutoCloseable {

    private final RespEndpoint endpoint;
    private final Socket socket;
    private final OutputStream out;
    private final ReplyReader replies;
    private volatile boolean open = true;

    private RespConnection(RespEndpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.replies = new ReplyReader(socket);
    }

    /**
     * Connects and runs the handshake: TLS when configured, then {@code AUTH}, {@code CLIENT SETNAME}
     * and {@code SELECT} as configured. The TCP connect takes at most the connect timeout; all of it
     * together at most the command timeout, or the connect timeout if that is longer.
     *
     * @param endpoint where and how
     * @return an open connection
     * @throws IOException when the server cannot be reached or does not complete the handshake in time
     * @throws RespErrorReply when the server refuses a handshake command (a wrong password, an ACL
     *         without {@code SELECT}); nothing stays open
     */
    public static RespConnection open(RespEndpoint endpoint) throws IOException, RespErrorReply {
        long started = System.nanoTime();
        long budget = Math.max(endpoint.connectTimeout().toNanos(), endpoint.commandTimeout().toNanos());
        long deadline = started + budget;
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve " + endpoint.host());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, (int) Math.max(1, endpoint.connectTimeout().toMillis()));
            if (endpoint.tls() != null) {
                socket = handshakeTls(socket, endpoint, deadline);
            }
            RespConnection c = new RespConnection(endpoint, socket);
            c.handshake(deadline, TimeUnit.NANOSECONDS.toMillis(budget));
            return c;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new SocketTimeoutException("no connection to " + endpoint.host() + ":" + endpoint.port() + " within "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms: " + e.getMessage());
        } catch (IOException | RespErrorReply | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static Socket handshakeTls(Socket plain, RespEndpoint endpoint, long deadline) throws IOException {
        SSLSocket tls = (SSLSocket) endpoint.tls().createSocket(plain, endpoint.host(), endpoint.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        tls.setSSLParameters(parameters);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("TLS handshake not started in time");
        }
        // each read of the handshake is bounded by the time left when it starts
        tls.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        tls.startHandshake();
        return tls;
    }

    private void handshake(long deadline, long timeoutMillis) throws IOException, RespErrorReply {
        if (endpoint.password() != null) {
            List<String> auth = new ArrayList<>(3);
            auth.add("AUTH");
            if (endpoint.username() != null) {
                auth.add(endpoint.username());
            }
            auth.add(endpoint.password());
            exchange(auth, deadline, timeoutMillis);
        }
        if (endpoint.clientName() != null) {
            exchange(List.of("CLIENT", "SETNAME", endpoint.clientName()), deadline, timeoutMillis);
        }
        if (endpoint.database() != 0) {
            exchange(List.of("SELECT", Integer.toString(endpoint.database())), deadline, timeoutMillis);
        }
    }

    /**
     * Sends one command and reads its reply within the command timeout.
     *
     * @param command the command and its arguments, for example {@code "XINFO", "GROUPS", "orders"}
     * @return a String (status or bulk string), a Long (integer), null (nil), or an unmodifiable
     *         List of those (array; an error inside an array is a {@link RespErrorReply} element)
     * @throws IOException on a broken connection, a missed deadline or a malformed reply; the
     *         connection is then closed
     * @throws RespErrorReply when the server answers with an error; the connection stays open
     */
    public Object call(String... command) throws IOException, RespErrorReply {
        return call(Arrays.asList(command));
    }

    /**
     * @param command the command and its arguments
     * @return the reply, as {@link #call(String...)} describes
     * @throws IOException as {@link #call(String...)} describes
     * @throws RespErrorReply as {@link #call(String...)} describes
     */
    public Object call(List<String> command) throws IOException, RespErrorReply {
        long timeout = endpoint.commandTimeout().toMillis();
        return exchange(command, System.nanoTime() + endpoint.commandTimeout().toNanos(), timeout);
    }

    private synchronized Object exchange(List<String> command, long deadline, long timeoutMillis)
            throws IOException, RespErrorReply {
        if (!open) {
            throw new IOException("connection to " + endpoint.host() + ":" + endpoint.port() + " is closed");
        }
        Object reply;
        try {
            if (replies.hasUnreadBytes()) {
                throw new RespProtocolException("the server sent bytes no command asked for");
            }
            out.write(encode(command));
            out.flush();
            reply = replies.read(deadline, timeoutMillis, endpoint.maxReplyBytes());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (reply instanceof RespErrorReply) {
            RespErrorReply error = (RespErrorReply) reply;
            throw new RespErrorReply(error.getMessage()); // thrown here, with this caller's stack
        }
        return reply;
    }

    static byte[] encode(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(32 + 16 * command.size());
        ascii(b, "*" + command.size() + "\r\n");
        for (String argument : command) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            ascii(b, "$" + bytes.length + "\r\n");
            b.writeBytes(bytes);
            ascii(b, "\r\n");
        }
        return b.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return whether the connection can take commands: no failure, not closed */
    public boolean isOpen() {
        return open && !socket.isClosed();
    }

    /** @return where this connection goes */
    public RespEndpoint endpoint() {
        return endpoint;
    }

    /** Closes the socket; a command blocked on it on another thread fails at once. Idempotent. */
    @Override
    public void close() {
        open = false;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "RespConnection[" + endpoint + (open ? "" : ", closed") + "]";
    }
}
