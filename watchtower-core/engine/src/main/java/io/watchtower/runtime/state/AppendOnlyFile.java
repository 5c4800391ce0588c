package io.watchtower.runtime.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A state file that only grows by whole records (lines), each forced to disk before
 * {@link #append} returns: the signal journal, the registry's outbox and signal history, the
 * channel outboxes' logs and the audit log. The file is created {@code 0600} (its folder
 * {@code 0700}) and an existing one narrowed to {@code 0600}.
 *
 * <p>Torn tails are cut: opening drops the bytes after the last newline (a line a crash stopped
 * half-way), and an append that fails part-way (a full disk) cuts what it wrote at once, or before
 * the next append when even that fails, so the file always ends with a whole record.
 *
 * <pre>{@code
 * try (AppendOnlyFile log = AppendOnlyFile.open(dir.resolve("audit.jsonl"))) {
 *     long offset = log.append((json + "\n").getBytes(UTF_8));
 * }
 * }</pre>
 */
public final class AppendOnlyFile implements AutoCloseable {

    /**
     * One record, without its newline.
     *
     * @param offset where it starts in the file
     * @param next where the following record starts
     * @param text the record, as UTF-8 text
     */
    public record Line(long offset, long next, String text) {
    }

    /** The most bytes a read of lines holds at once. */
    private static final int READ_CHUNK = 64 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final long repairedBytes;
    private long size;
    private boolean torn;

    private AppendOnlyFile(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        long length = channel.size();
        long end = lastRecordEnd(length);
        this.repairedBytes = length - end;
        if (end < length) {
            channel.truncate(end);
            channel.force(true);
        }
        this.size = end;
    }

    /**
     * Opens a file, creating it when missing; a torn last record is cut off.
     *
     * @param file the file
     * @return the open file
     * @throws IOException when it cannot be opened or repaired
     */
    public static AppendOnlyFile open(Path file) throws IOException {
        return new AppendOnlyFile(file, OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /**
     * Creates a new, empty file.
     *
     * @param file the file, which must not exist
     * @return the open file
     * @throws IOException when it exists or cannot be created
     */
    public static AppendOnlyFile create(Path file) throws IOException {
        return new AppendOnlyFile(file, OwnerOnly.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    private long lastRecordEnd(long length) throws IOException {
        long pos = length;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (pos > 0) {
            one.clear();
            channel.read(one, pos - 1);
            if (one.get(0) == '\n') {
                return pos;
            }
            pos--;
        }
        return 0;
    }

    /**
     * Appends whole records (each ending with a newline) and forces them to disk.
     *
     * @param records the bytes
     * @return the offset they were written at
     * @throws IOException when they could not be written and forced; then none of them is kept
     */
    public long append(byte[] records) throws IOException {
        return append(records, true);
    }

    /**
     * Appends whole records, forced to disk or not: a record that may be lost to a power loss
     * (though not to a killed process), like a delivery acknowledgement, need not wait for the disk.
     *
     * @param records the bytes
     * @param force whether to force them to disk before returning
     * @return the offset they were written at
     * @throws IOException when they could not be written; then none of them is kept
     */
    public synchronized long append(byte[] records, boolean force) throws IOException {
        long offset = size;
        try {
            if (torn) {
                cutTornTail();
            }
            ByteBuffer buffer = ByteBuffer.wrap(records);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            // a write that stopped part-way (a full disk) leaves a torn record: cut it off now, or
            // before the next append when even that fails
            torn = true;
            try {
                cutTornTail();
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        size = offset + records.length;
        return offset;
    }

    private void cutTornTail() throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
        torn = false;
    }

    /**
     * Reads bytes of the records written.
     *
     * @param into where to
     * @param position the offset to read from
     * @return bytes read, -1 at the end
     * @throws IOException when it cannot be read
     */
    public int read(ByteBuffer into, long position) throws IOException {
        return channel.read(into, position);
    }

    /**
     * Reads whole records of this file.
     *
     * @param from the offset to start at (a record's start)
     * @param max at most this many records
     * @return the records from {@code from} on, up to {@link #size()}; empty at the end
     * @throws IOException when it cannot be read
     */
    public List<Line> lines(long from, int max) throws IOException {
        return lines(channel, from, size(), max);
    }

    /**
     * Reads whole records of a file of records (this class's, or one it wrote and that was renamed
     * since), so that every reader of such files reads them alike.
     *
     * @param in the file
     * @param from the offset to start at (a record's start)
     * @param to where the records end; bytes after the last newline before it are not read
     * @param max at most this many records
     * @return the records, in order
     * @throws IOException when it cannot be read
     */
    public static List<Line> lines(FileChannel in, long from, long to, int max) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (from >= to || max <= 0) {
            return lines;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, to - from));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long pos = from;
        long lineStart = from;
        while (pos < to && lines.size() < max) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), to - pos));
            int n = in.read(buffer, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n && lines.size() < max; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    long next = pos + i + 1;
                    lines.add(new Line(lineStart, next, line.toString(StandardCharsets.UTF_8)));
                    line.reset();
                    lineStart = next;
                } else {
                    line.write(b);
                }
            }
            pos += n;
        }
        return lines;
    }

    /**
     * Forces everything written, and the file's metadata, to disk.
     *
     * @throws IOException when it cannot be forced
     */
    public void force() throws IOException {
        channel.force(true);
    }

    /**
     * Empties the file, durably.
     *
     * @throws IOException when it cannot be truncated
     */
    public synchronized void clear() throws IOException {
        channel.truncate(0);
        channel.force(true);
        size = 0;
        torn = false;
    }

    /** @return the bytes of whole records in the file */
    public synchronized long size() {
        return size;
    }

    /** @return bytes of a torn last record cut off when the file was opened */
    public long repairedBytes() {
        return repairedBytes;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return whether it is still open */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
