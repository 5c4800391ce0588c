package io.watchtower.runtime.channel;

import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.AtomicFile;
import io.watchtower.runtime.state.OwnerOnly;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.spi.Severity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One channel's durable, bounded queue of notifications, in the state dir.
 *
 * <p>The file is a log of lines: {@code A <seq> <severity> <id> <json>} when a notification is
 * added (forced to disk before {@link #add} returns) and {@code D <seq>} when it was delivered or
 * dropped. Opening replays the log; a line torn by a crash is ignored. The log is compacted
 * (rewritten atomically with only pending entries, and {@code K <id>} lines naming the most
 * recently finished ones) once it holds many done lines.
 *
 * <p>A notification whose id is pending or finished recently is not added again: when the
 * escalator re-makes notifications after a crash, each is delivered once more at most if its
 * delivery was in flight, and order per channel holds.
 *
 * <p>When {@code capacity} entries are pending, adding drops the oldest entry of the lowest
 * severity present (low before medium before high before critical); drops are counted.
 */
public final class NotificationOutbox implements AutoCloseable {

    /**
     * A pending notification.
     *
     * @param seq its position in the outbox
     * @param severity the severity it was routed with
     * @param id the notification id
     * @param json the notification's wire form
     */
    public record Entry(long seq, Severity severity, String id, String json) {
        /** @return the notification */
        public Notification notification() {
            return Notification.read(json);
        }
    }

    private final Path file;
    private volatile int capacity;
    private static final int RECENT = 5000;

    private final int recentKept;
    private final TreeMap<Long, Entry> pending = new TreeMap<>();
    private final java.util.LinkedHashSet<String> recent = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> pendingIds = new java.util.HashSet<>();
    private AppendOnlyFile log;
    private long nextSeq;
    private long doneLines;
    private long dropped;
    private Runnable onAdd = () -> { };

    /**
     * Opens (creating if needed) an outbox.
     *
     * @param file the outbox file
     * @param capacity the most pending entries kept
     * @throws IOException when it cannot be read or created
     */
    public NotificationOutbox(Path file, int capacity) throws IOException {
        this(file, capacity, RECENT);
    }

    NotificationOutbox(Path file, int capacity, int recentKept) throws IOException {
        this.recentKept = recentKept;
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        this.file = file;
        this.capacity = capacity;
        OwnerOnly.directories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            replay();
        }
        compact();
    }

    private void replay() throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    if (line.startsWith("A ")) {
                        int a = line.indexOf(' ', 2);
                        int b = line.indexOf(' ', a + 1);
                        int c = line.indexOf(' ', b + 1);
                        long seq = Long.parseLong(line.substring(2, a));
                        Severity severity = Severity.valueOf(line.substring(a + 1, b).toUpperCase(Locale.ROOT));
                        String id = line.substring(b + 1, c);
                        String json = line.substring(c + 1);
                        if (!json.endsWith("}")) {
                            continue; // torn by a crash before it was acknowledged as added
                        }
                        pending.put(seq, new Entry(seq, severity, id, json));
                        pendingIds.add(id);
                        nextSeq = Math.max(nextSeq, seq + 1);
                    } else if (line.startsWith("D ")) {
                        finished(pending.remove(Long.parseLong(line.substring(2).strip())));
                    } else if (line.startsWith("K ")) {
                        remember(line.substring(2).strip());
                    }
                } catch (RuntimeException torn) {
                    // a torn last line: nothing acknowledged depends on it
                }
            }
        }
        while (pending.size() > capacity) {
            dropOne();
        }
    }

    private void finished(Entry e) {
        if (e != null) {
            pendingIds.remove(e.id());
            remember(e.id());
        }
    }

    private void remember(String id) {
        recent.remove(id);
        recent.add(id);
        if (recent.size() > recentKept) {
            recent.remove(recent.iterator().next());
        }
    }

    /**
     * Adds a notification, forced to disk; when full, first drops the oldest lowest-severity entry.
     * A notification whose id is pending or was finished recently is not added again.
     *
     * @param notification the notification
     * @param severity the severity it is routed with
     * @return how many entries were dropped to make room (0 or 1)
     */
    public synchronized int add(Notification notification, Severity severity) {
        if (pendingIds.contains(notification.id()) || recent.contains(notification.id())) {
            return 0;
        }
        int drops = 0;
        while (pending.size() >= capacity) {
            dropOne();
            drops++;
        }
        Entry entry = new Entry(nextSeq++, severity, notification.id(), notification.json());
        write(added(entry), true);
        pending.put(entry.seq(), entry);
        pendingIds.add(entry.id());
        onAdd.run();
        return drops;
    }

    private void dropOne() {
        Entry victim = null;
        for (Entry e : pending.values()) {
            if (victim == null || e.severity().ordinal() > victim.severity().ordinal()) {
                victim = e;
            }
        }
        pending.remove(victim.seq());
        finished(victim);
        dropped++;
        if (log != null) {
            write("D " + victim.seq() + "\n", false);
        }
    }

    /** @param listener told after each notification added (its delivery then runs) */
    public synchronized void onAdd(Runnable listener) {
        this.onAdd = listener;
    }

    /** @return the oldest pending entry, or null */
    public synchronized Entry head() {
        Map.Entry<Long, Entry> first = pending.firstEntry();
        return first == null ? null : first.getValue();
    }

    /**
     * Marks an entry delivered. Not forced to disk: after a power loss it may be delivered again,
     * with the same id (at least once); a killed process loses nothing.
     *
     * @param seq the entry's seq
     */
    public synchronized void done(long seq) {
        Entry entry = pending.remove(seq);
        if (entry != null) {
            finished(entry);
            write("D " + seq + "\n", false);
            if (++doneLines > Math.max(recentKept, 2L * pending.size())) {
                try {
                    compact();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot compact outbox " + file, e);
                }
            }
        }
    }

    private void compact() throws IOException {
        if (log != null) {
            log.close();
        }
        StringBuilder lines = new StringBuilder();
        for (String id : recent) {
            lines.append("K ").append(id).append('\n');
        }
        for (Entry e : pending.values()) {
            lines.append(added(e));
        }
        AtomicFile.write(file, lines.toString().getBytes(StandardCharsets.UTF_8));
        log = AppendOnlyFile.open(file);
        doneLines = 0;
    }

    private static String added(Entry e) {
        return "A " + e.seq() + " " + e.severity().wireName() + " " + e.id() + " " + e.json() + "\n";
    }

    private void write(String line, boolean force) {
        try {
            log.append(line.getBytes(StandardCharsets.UTF_8), force);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outbox " + file, e);
        }
    }

    /** @return pending entries */
    public synchronized int size() {
        return pending.size();
    }

    /** @return pending entries, oldest first */
    public synchronized List<Entry> pending() {
        return new ArrayList<>(pending.values());
    }

    /** @return entries dropped because the outbox was full, since it was opened */
    public synchronized long dropped() {
        return dropped;
    }

    /** @return the most pending entries kept */
    public int capacity() {
        return capacity;
    }

    /**
     * Changes how many pending entries are kept; when fewer than are pending, the oldest of the
     * lowest severity are dropped (and counted) until they fit.
     *
     * @param capacity the most pending entries kept, at least 1
     * @return how many entries were dropped
     */
    public synchronized int resize(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        int drops = 0;
        while (pending.size() > capacity) {
            dropOne();
            drops++;
        }
        return drops;
    }

    @Override
    public synchronized void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
