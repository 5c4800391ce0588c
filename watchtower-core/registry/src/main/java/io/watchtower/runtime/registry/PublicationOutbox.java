package io.watchtower.runtime.registry;

import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.OwnerOnly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's outbox: a durable queue of publications (towers, heartbeats, baselines, signals)
 * for a registry that may be down, in the state dir: JSON lines appended and forced to disk, and a
 * cursor saved after each batch is published. Once everything is published and the file has
 * grown past a bound, it starts over empty. A torn last line (crash mid-append) is cut off on open.
 */
final class PublicationOutbox implements AutoCloseable {

    /** One queued publication. @param next offset after it @param json its JSON */
    record Entry(long next, String json) {
    }

    private static final long COMPACT_BYTES = 1 << 20;

    private final AppendOnlyFile file;
    private final Cursor cursor;

    PublicationOutbox(Path dir) throws IOException {
        OwnerOnly.directories(dir);
        this.file = AppendOnlyFile.open(dir.resolve("outbox.jsonl"));
        this.cursor = new Cursor(dir.resolve("outbox.cursor"), 0);
        if (cursor.get() > file.size()) {
            cursor.save(file.size());
        }
    }

    synchronized void append(String json) {
        try {
            file.append((json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the registry outbox", e);
        }
    }

    synchronized List<Entry> pending(int max) {
        List<Entry> out = new ArrayList<>();
        try {
            for (AppendOnlyFile.Line line : file.lines(cursor.get(), max)) {
                out.add(new Entry(line.next(), line.text()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry outbox", e);
        }
        return out;
    }

    /** Marks everything before {@code next} as published. */
    synchronized void commit(long next) throws IOException {
        cursor.save(next);
        if (next == file.size() && next > COMPACT_BYTES) {
            file.clear();
            cursor.save(0);
        }
    }

    synchronized long backlogBytes() {
        return file.size() - cursor.get();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
