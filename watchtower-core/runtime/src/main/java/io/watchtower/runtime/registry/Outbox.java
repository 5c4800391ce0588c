package io.watchtower.runtime.registry;

import io.watchtower.runtime.state.OwnerOnly;
import java.io.ByteArrayOutputStream;
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

/**
 * A durable queue of publications in the state dir: JSON lines appended and forced to disk, and a
 * cursor saved after each batch is published. Once everything is published and the file has
 * grown past a bound, it starts over empty. A torn last line (crash mid-append) is cut off on open.
 */
final class Outbox implements AutoCloseable {

    /** One queued publication. @param next offset after it @param json its JSON */
    record Entry(long next, String json) {
    }

    private static final long COMPACT_BYTES = 1 << 20;

    private final FileChannel channel;
    private final Cursor cursor;
    private long size;

    Outbox(Path dir) throws IOException {
        OwnerOnly.directories(dir);
        this.channel = OwnerOnly.open(dir.resolve("outbox.jsonl"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        long end = length;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < length) {
            channel.truncate(end);
            channel.force(true);
        }
        this.size = end;
        this.cursor = new Cursor(dir.resolve("outbox.cursor"), 0);
        if (cursor.get() > size) {
            cursor.save(size);
        }
    }

    synchronized void append(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer, size + buffer.position());
            }
            channel.force(false);
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
                int n = channel.read(buffer, pos);
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
            channel.truncate(0);
            channel.force(true);
            size = 0;
            cursor.save(0);
        }
    }

    synchronized long backlogBytes() {
        return size - cursor.get();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
