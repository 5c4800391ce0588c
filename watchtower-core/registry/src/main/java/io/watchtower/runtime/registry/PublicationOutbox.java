package io.watchtower.runtime.registry;

import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.OwnerOnly;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
    private long size;

    PublicationOutbox(Path dir) throws IOException {
        OwnerOnly.directories(dir);
        this.file = AppendOnlyFile.open(dir.resolve("outbox.jsonl"));
        this.size = file.size();
        this.cursor = new Cursor(dir.resolve("outbox.cursor"), 0);
        if (cursor.get() > size) {
            cursor.save(size);
        }
    }

    synchronized void append(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            file.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the registry outbox", e);
        }
        size += line.length;
    }

    synchronized List<Entry> pending(int max) {
        List<Entry> out = new ArrayList<>();
        long pos = cursor.get();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (pos < size && out.size() < max) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), size - pos));
                int n = file.read(buffer, pos);
                if (n <= 0) {
                    break;
                }
                int i = 0;
                for (; i < n && out.size() < max; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        out.add(new Entry(pos + i + 1, line.toString(StandardCharsets.UTF_8)));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
                pos += i;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry outbox", e);
        }
        return out;
    }

    /** Marks everything before {@code next} as published. */
    synchronized void commit(long next) throws IOException {
        cursor.save(next);
        if (next == size && size > COMPACT_BYTES) {
            file.clear();
            size = 0;
            cursor.save(0);
        }
    }

    synchronized long backlogBytes() {
        return size - cursor.get();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
