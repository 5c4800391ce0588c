package io.watchtower.launcher.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a CSV one line at a time, counting lines, in memory bounded by the longest line allowed.
 * Each line is decoded on its own as strict UTF-8, so a file that is not text (a compressed or
 * binary file given by mistake) is refused naming the file and the line it first breaks on,
 * rather than with a decoder's bare {@code Input length = 1}.
 */
final class CsvLines implements AutoCloseable {

    /** Longest line accepted: a {@code timestamp,value} row is a few dozen bytes. */
    static final int MAX_LINE_BYTES = 4096;

    private final Path file;
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int limit;
    private long number;

    CsvLines(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /**
     * @return the next line without its terminator ({@code \n} or {@code \r\n}), or null at the end
     * @throws IOException when the file cannot be read, a line is not UTF-8 or is longer than
     *     {@link #MAX_LINE_BYTES}; the message names the file and line
     */
    String next() throws IOException {
        int length = 0;
        boolean ascii = true;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (length == MAX_LINE_BYTES) {
                throw new IOException(where(number + 1) + "line longer than " + MAX_LINE_BYTES
                        + " bytes: not a timestamp,value CSV");
            }
            line[length++] = b;
            ascii &= b >= 0;
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where(number) + "not UTF-8 text (a binary or compressed file?)", e);
        }
    }

    /** @return the number of the line last returned, from 1 */
    long number() {
        return number;
    }

    /** @return {@code file:line: } for messages about the given line */
    String where(long lineNumber) {
        return file + ":" + lineNumber + ": ";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
