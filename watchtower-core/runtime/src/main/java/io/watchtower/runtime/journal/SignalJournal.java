package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The append-only signal journal: one JSON signal per line, each append forced to disk before it
 * returns. Channels deliver from it by byte offset, so it is also every channel's outbox.
 *
 * <p>A line torn by a crash mid-write (no trailing newline) is cut off when the journal opens.
 */
public final class SignalJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalJournal.class);

    /**
     * One journal entry.
     *
     * @param offset byte offset where the line starts
     * @param next byte offset of the following line
     * @param json the signal's JSON
     */
    public record Entry(long offset, long next, String json) {
    }

    private final Path file;
    private final FileChannel channel;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final long repairedBytes;
    private long size;
    private boolean torn;
    private boolean failing;

    /**
     * Opens (creating if needed) the journal.
     *
     * @param file the journal file
     * @throws IOException when it cannot be opened for appending
     */
    public SignalJournal(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long length = channel.size();
        long end = lastCompleteLine(length);
        this.repairedBytes = length - end;
        if (end < length) {
            channel.truncate(end);
            channel.force(true);
        }
        this.size = end;
        channel.position(end);
    }

    private long lastCompleteLine(long length) throws IOException {
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

    /** @return bytes of a torn last line that were cut off when the journal opened */
    public long repairedBytes() {
        return repairedBytes;
    }

    /** @return the journal file */
    public Path file() {
        return file;
    }

    /** @return the current size in bytes: the offset the next signal will be written at */
    public synchronized long size() {
        return size;
    }

    /**
     * Appends a signal and forces it to disk.
     *
     * @param signal the signal
     * @return the offset it was written at
     */
    public long append(Signal signal) {
        byte[] line = (SignalJson.write(signal) + "\n").getBytes(StandardCharsets.UTF_8);
        long offset;
        synchronized (this) {
            offset = size;
            try {
                if (torn) {
                    cutTornTail();
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, size + buffer.position());
                }
                channel.force(false);
            } catch (IOException e) {
                // a write that stopped part-way (a full disk) leaves a torn line: cut it off now, or
                // before the next append when even that fails
                torn = true;
                failing = true;
                try {
                    cutTornTail();
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
                throw new UncheckedIOException("cannot append to signal journal " + file, e);
            }
            size += line.length;
            failing = false;
        }
        listeners.forEach(Runnable::run);
        return offset;
    }

    private void cutTornTail() throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
        torn = false;
    }

    /**
     * Reads entries starting at {@code offset}.
     *
     * @param offset where to start (a line start)
     * @param max at most this many entries
     * @return the entries, possibly empty
     */
    public List<Entry> read(long offset, int max) {
        long end = size();
        if (offset >= end) {
            return List.of(); // the common case for readers that poll: nothing new, nothing allocated
        }
        List<Entry> entries = new ArrayList<>();
        long pos = offset;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 * 1024, end - pos));
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        long lineStart = pos;
        try {
            while (pos < end && entries.size() < max) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), end - pos));
                int n = channel.read(buffer, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n && entries.size() < max; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        long next = pos + i + 1;
                        entries.add(new Entry(lineStart, next, line.toString(StandardCharsets.UTF_8)));
                        line.reset();
                        lineStart = next;
                    } else {
                        line.write(b);
                    }
                }
                pos = entries.size() >= max ? lineStart : pos + n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signal journal " + file, e);
        }
        return entries;
    }

    /**
     * Checks a reader's saved offset against the journal. An offset beyond the journal's end or
     * not at the start of a line means the journal was shortened or replaced behind the reader's
     * back (restored from a backup, say): reading on from there would skip signals or read half a
     * line. That is logged as an error naming the reader, and the reader starts again from the
     * first signal the journal holds; readers deliver idempotently by signal id, so a signal may be
     * delivered again but none is skipped.
     *
     * @param reader who reads (for the log), such as {@code escalation (channels)}
     * @param cursor the offset it saved
     * @return where it should read from: {@code cursor} when valid
     */
    public long validCursor(String reader, long cursor) {
        long end = size();
        String problem;
        if (cursor < 0 || cursor > end) {
            problem = "beyond the end of";
        } else if (cursor == 0 || atLineStart(cursor)) {
            return cursor;
        } else {
            problem = "not at the start of a line in";
        }
        long from = 0;
        LOG.error("the saved journal cursor of {} ({}) is {} the signal journal {} ({} bytes): the journal was "
                + "shortened or replaced, for example restored from a backup; re-delivering from offset {} (deliveries "
                + "are idempotent by signal id, so nothing is skipped and some signals may be delivered again)",
                reader, cursor, problem, file, end, from);
        return from;
    }

    private boolean atLineStart(long offset) {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            return channel.read(one, offset - 1) == 1 && one.get(0) == '\n';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signal journal " + file, e);
        }
    }

    /**
     * @return every signal in the journal, in order
     * @throws IllegalArgumentException when a line is not a signal
     */
    public List<Signal> readAll() {
        return readAll(corrupt -> {
            throw new IllegalArgumentException("journal line at offset " + corrupt.offset() + " is not a signal");
        });
    }

    /**
     * Reads every signal, skipping the lines that are not one (garbage left by a damaged disk or
     * a hand edit): every reader skips them, and their offsets stay valid for the channels.
     *
     * @param corrupt told about each line that is not a signal
     * @return every signal in the journal, in order
     */
    public List<Signal> readAll(java.util.function.Consumer<Entry> corrupt) {
        List<Signal> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            List<Entry> batch = read(offset, 1000);
            if (batch.isEmpty()) {
                return all;
            }
            for (Entry e : batch) {
                try {
                    all.add(SignalJson.read(e.json()));
                } catch (IllegalArgumentException notASignal) {
                    corrupt.accept(e);
                }
            }
            offset = batch.get(batch.size() - 1).next();
        }
    }

    /** @param listener called after every append, on the appending thread */
    public void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    /** @return whether the journal can still be written: open, permitted, and its last append did not fail */
    public boolean writable() {
        synchronized (this) {
            if (failing) {
                return false;
            }
        }
        return channel.isOpen() && Files.isWritable(file);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
