package io.watchtower.resp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads RESP2 replies from a socket within a deadline and a byte budget. Before every read from
 * the socket the read timeout is set to the time left, so a server that sends one byte at a time
 * cannot stretch a reply past its deadline.
 */
final class ReplyReader {

    /** The longest status, error or length line accepted. */
    static final int MAX_LINE = 64 * 1024;
    /** The deepest nesting of arrays accepted. */
    static final int MAX_DEPTH = 16;
    /** The most values (array elements included) one reply may hold. */
    static final int MAX_VALUES = 1 << 16;

    private final Socket socket;
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private long deadline;
    private long timeoutMillis;
    private long bytesLeft;
    private int valuesLeft;

    ReplyReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** @return whether bytes arrived that no command asked for */
    boolean hasUnreadBytes() {
        return position < limit;
    }

    /**
     * Reads one reply.
     *
     * @param deadlineNanos the {@link System#nanoTime()} by which the whole reply must be read
     * @param timeout the timeout the deadline came from, for messages
     * @param maxBytes the most bytes the reply may take
     * @return a String (status or bulk string), a Long (integer), null (nil), a {@link RespErrorReply}
     *         (error), or an unmodifiable List of those (array)
     * @throws IOException on a broken connection, a missed deadline, or bytes that are not RESP2
     *         within the bounds
     */
    Object read(long deadlineNanos, long timeout, long maxBytes) throws IOException {
        this.deadline = deadlineNanos;
        this.timeoutMillis = timeout;
        this.bytesLeft = maxBytes;
        this.valuesLeft = MAX_VALUES;
        return value(0);
    }

    private Object value(int depth) throws IOException {
        if (--valuesLeft < 0) {
            throw new RespProtocolException("reply holds more than " + MAX_VALUES + " values");
        }
        int type = next();
        switch (type) {
            case '+':
                return line();
            case '-':
                return new RespErrorReply(line());
            case ':':
                return number(line());
            case '$': {
                long length = number(line());
                if (length == -1) {
                    return null;
                }
                if (length < 0 || length > bytesLeft) {
                    throw new RespProtocolException("bulk string of " + length + " bytes exceeds the reply's bound");
                }
                byte[] data = new byte[(int) length];
                readFully(data);
                if (next() != '\r' || next() != '\n') {
                    throw new RespProtocolException("bulk string not followed by CRLF");
                }
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                long count = number(line());
                if (count == -1) {
                    return null;
                }
                if (count < 0 || count > valuesLeft) {
                    throw new RespProtocolException("array of " + count + " elements exceeds the reply's bound");
                }
                if (depth >= MAX_DEPTH) {
                    throw new RespProtocolException("arrays nested deeper than " + MAX_DEPTH);
                }
                List<Object> elements = new ArrayList<>((int) Math.min(count, 64));
                for (long i = 0; i < count; i++) {
                    elements.add(value(depth + 1));
                }
                return Collections.unmodifiableList(elements);
            }
            default:
                throw new RespProtocolException(String.format("not a RESP2 reply: type byte 0x%02x", type));
        }
    }

    private static long number(String line) throws RespProtocolException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new RespProtocolException("not a number: \"" + printable(line) + "\"");
        }
    }

    /** A line up to CRLF, without it, as UTF-8 (an error names keys, which may be any text). */
    private String line() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream(64);
        while (true) {
            int b = next();
            if (b == '\r') {
                if (next() != '\n') {
                    throw new RespProtocolException("CR not followed by LF");
                }
                return s.toString(StandardCharsets.UTF_8);
            }
            if (s.size() >= MAX_LINE) {
                throw new RespProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            s.write(b);
        }
    }

    private int next() throws IOException {
        if (position == limit) {
            fill();
        }
        if (--bytesLeft < 0) {
            throw new RespProtocolException("reply larger than its bound");
        }
        return buffer[position++] & 0xff;
    }

    private void readFully(byte[] into) throws IOException {
        int done = 0;
        while (done < into.length) {
            if (position == limit) {
                fill();
            }
            int n = Math.min(into.length - done, limit - position);
            System.arraycopy(buffer, position, into, done, n);
            position += n;
            done += n;
            bytesLeft -= n;
        }
    }

    private void fill() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
    }

    private SocketTimeoutException timeout() {
        return new SocketTimeoutException("no complete reply within " + timeoutMillis + " ms");
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
