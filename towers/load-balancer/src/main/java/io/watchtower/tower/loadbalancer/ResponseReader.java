package io.watchtower.tower.loadbalancer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one HTTP/1.x response into an {@link Exchange.Builder}, bounded: the status line and each
 * chunk-size line at most {@link #MAX_INITIAL_LINE} bytes, the headers (and trailers) together at
 * most {@link #MAX_HEADERS}. The body is framed by {@code Transfer-Encoding: chunked},
 * {@code Content-Length} or the end of the connection; it is counted (decoded bytes for chunked),
 * kept only when asked and only up to the cap, and never read past the cap. HEAD responses and
 * 1xx, 204 and 304 have no body.
 *
 * <p>Failures are exceptions: {@link ProtocolException} for a malformed response,
 * {@link EOFException} when the connection ends before the response does.
 */
final class ResponseReader {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 16384;
    static final String LINE_TOO_LONG = "An HTTP line is larger than " + MAX_INITIAL_LINE + " bytes.";
    static final String HEADERS_TOO_LONG = "HTTP header is larger than " + MAX_HEADERS + " bytes.";

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d[ \\t]+(\\d{3})(?:[ \\t].*)?");
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9a-fA-F]{1,15}");
    /** Empty lines skipped before the status line, as lenient clients do. */
    private static final int MAX_LEADING_EMPTY_LINES = 4;
    private static final long UNTIL_CLOSE = -1;
    private static final long CHUNKED = -2;

    private final ResponseInput in;
    private final Exchange.Builder b;
    private final boolean head;
    private final String backendHeader;
    private final long maxBody;
    private final boolean keepBody;
    private final byte[] block = new byte[8192];

    /**
     * @param in the response bytes
     * @param b where the status, backend, body size and body go
     * @param method the request's method (a HEAD response has no body)
     * @param backendHeader the header naming the backend, or null
     * @param maxBody the most body bytes read
     * @param keepBody whether to keep them
     */
    ResponseReader(ResponseInput in, Exchange.Builder b, HttpMethod method, String backendHeader, long maxBody,
                   boolean keepBody) {
        this.in = in;
        this.b = b;
        this.head = method == HttpMethod.HEAD;
        this.backendHeader = backendHeader;
        this.maxBody = maxBody;
        this.keepBody = keepBody;
    }

    /**
     * Reads the response. {@code b.status} is set once the head is complete, so it stays 0 while
     * the status line or headers are missing or malformed.
     */
    void read() throws IOException {
        int status = statusLine();
        List<String[]> headers = headers();
        boolean bodyless = head || status < 200 || status == 204 || status == 304;
        long length = bodyless ? 0 : bodyLength(headers);
        b.backend = backendHeader == null ? null : bounded(first(headers, backendHeader));
        b.status = status;
        if (length == CHUNKED) {
            chunked();
        } else if (length == UNTIL_CLOSE) {
            untilClose();
        } else {
            body(length);
        }
    }

    /**
     * How the body is framed: {@code Transfer-Encoding} wins over {@code Content-Length}; without
     * either, the body lasts until the server closes.
     *
     * @return the length, {@link #CHUNKED} or {@link #UNTIL_CLOSE}
     */
    private static long bodyLength(List<String[]> headers) throws ProtocolException {
        List<String> codings = tokens(headers, "transfer-encoding");
        if (!codings.isEmpty()) {
            return codings.get(codings.size() - 1).equals("chunked") ? CHUNKED : UNTIL_CLOSE;
        }
        long length = UNTIL_CLOSE;
        for (String value : tokens(headers, "content-length")) {
            if (!value.matches("\\d{1,18}")) {
                throw new ProtocolException("invalid Content-Length: \"" + printable(value) + "\"");
            }
            long parsed = Long.parseLong(value);
            if (length != UNTIL_CLOSE && parsed != length) {
                throw new ProtocolException("conflicting Content-Length values " + length + " and " + parsed);
            }
            length = parsed;
        }
        return length;
    }

    private int statusLine() throws IOException {
        String line = in.readLine(MAX_INITIAL_LINE, LINE_TOO_LONG);
        for (int skipped = 0; line.isBlank() && skipped < MAX_LEADING_EMPTY_LINES; skipped++) {
            line = in.readLine(MAX_INITIAL_LINE, LINE_TOO_LONG);
        }
        Matcher m = STATUS_LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new ProtocolException("not an HTTP/1.x status line: \"" + printable(line) + "\"");
        }
        int status = Integer.parseInt(m.group(1));
        if (status < 100) {
            throw new ProtocolException("invalid status code " + status);
        }
        return status;
    }

    /** The header (or trailer) lines up to the empty line, obs-folded lines joined, all within {@link #MAX_HEADERS}. */
    private List<String[]> headers() throws IOException {
        List<String[]> headers = new ArrayList<>();
        int left = MAX_HEADERS;
        while (true) {
            String line = in.readLine(left, HEADERS_TOO_LONG);
            left -= line.length();
            if (line.isEmpty()) {
                return headers;
            }
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && !headers.isEmpty()) {
                String[] previous = headers.get(headers.size() - 1);
                previous[1] = (previous[1] + " " + line.strip()).strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
            }
            // a line without a name and a colon is ignored, as lenient clients do
        }
    }

    private static String first(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** @return the comma-separated values of every header called {@code name}, in order */
    private static List<String> tokens(List<String[]> headers, String name) {
        List<String> tokens = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                for (String token : h[1].split(",")) {
                    if (!token.isBlank()) {
                        tokens.add(token.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return tokens;
    }

    /**
     * Chunks until the last one, then the trailers. Only decoded bytes count; once the cap is
     * reached the next chunk-size line tells whether there was more.
     */
    private void chunked() throws IOException {
        while (true) {
            String line = in.readLine(MAX_INITIAL_LINE, LINE_TOO_LONG);
            int extension = line.indexOf(';');
            String hex = (extension >= 0 ? line.substring(0, extension) : line).strip();
            if (!CHUNK_SIZE.matcher(hex).matches()) {
                throw new ProtocolException("invalid chunk size: \"" + printable(line) + "\"");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                headers(); // trailers, bounded like headers, then done
                return;
            }
            if (!body(size)) {
                return;
            }
            // the line end after the chunk's data (anything before it is skipped, as lenient clients do)
            in.readLine(MAX_INITIAL_LINE, LINE_TOO_LONG);
        }
    }

    /**
     * Reads {@code length} body bytes, or up to the cap.
     *
     * @return false when the cap stopped it ({@code b.capped} is set)
     * @throws EOFException when the connection ends first
     */
    private boolean body(long length) throws IOException {
        long left = length;
        while (left > 0) {
            long room = maxBody - b.bytes;
            if (room <= 0) {
                b.capped = true;
                return false;
            }
            int n = in.read(block, 0, (int) Math.min(block.length, Math.min(left, room)));
            if (n < 0) {
                throw new EOFException("the connection ended within the body");
            }
            take(n);
            left -= n;
        }
        return true;
    }

    /** A body without a length: everything until the server closes, but at most one byte past the cap (to learn there is more). */
    private void untilClose() throws IOException {
        while (true) {
            long room = maxBody - b.bytes;
            int n = in.read(block, 0, (int) Math.min(block.length, room + 1));
            if (n < 0) {
                return;
            }
            if (n > room) {
                take((int) room);
                b.capped = true;
                return;
            }
            take(n);
        }
    }

    private void take(int n) {
        if (keepBody && n > 0) {
            if (b.body == null) {
                b.body = new ByteArrayOutputStream((int) Math.min(maxBody, 16384));
            }
            b.body.write(block, 0, n);
        }
        b.bytes += n;
    }

    private static String bounded(String value) {
        if (value == null) {
            return null;
        }
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }

    /** At most 40 characters of what the server sent, anything unprintable as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 40; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 40 ? out + "…" : out.toString();
    }
}
