package io.watchtower.tower.loadbalancer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * The response bytes of one exchange, buffered: bounded lines for the head, blocks for the body.
 * Tells the exchange when the first byte arrives. It never reads more than one buffer ahead of
 * what the parser asked for.
 */
final class ResponseInput {

    private final InputStream in;
    private final Runnable firstByte;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean arrived;

    /**
     * @param in the socket's (or TLS socket's) input
     * @param firstByte run once, when the first response byte arrives
     */
    ResponseInput(InputStream in, Runnable firstByte) {
        this.in = in;
        this.firstByte = firstByte;
    }

    /**
     * Reads up to {@code length} bytes: what is buffered, else one read from the socket.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     */
    int read(byte[] target, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /**
     * Reads one line of the head (status line, header, chunk size) without its line end; CR LF or
     * a bare LF ends it.
     *
     * @param max the most bytes accepted before the line end
     * @param tooLong what to say when the line is longer
     * @return the line, each byte as an ISO-8859-1 character
     * @throws ProtocolException when the line is longer than {@code max}
     * @throws EOFException when the stream ends before the line does
     */
    String readLine(int max, String tooLong) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the stream ended within a line");
            }
            char c = (char) (buffer[position++] & 0xff);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append(c);
            // one byte of slack for the CR of a line exactly max long
            if (line.length() > max && !(line.length() == max + 1 && c == '\r')) {
                throw new ProtocolException(tooLong);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        if (!arrived) {
            arrived = true;
            firstByte.run();
        }
        position = 0;
        limit = n;
        return true;
    }
}
