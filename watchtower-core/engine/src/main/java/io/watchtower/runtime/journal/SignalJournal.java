package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The append-only signal journal: one JSON signal per line, each append forced to disk before it
 * returns. Channels and the registry read it by offset, so it is also their outbox.
 *
 * <p>The journal is a series of segments. The current one is {@code signals.jsonl}; when it
 * reaches {@code max-size} it is renamed {@code signals-<base>.jsonl}, where {@code <base>} is
 * the journal offset of its first byte, and a new one begins. Offsets run on across segments, so
 * a reader's offset stays valid through a rotation. {@code signals.state.json} holds the current
 * segment's base and the firing state at that point (the last signal of every fingerprint that
 * fires): start-up reads that and the current segment only, whatever the history's length.
 * Rotated segments are kept up to {@code segmentsKept}; an older one is deleted only once every
 * registered reader ({@link #retainFor}) has read past its end.
 *
 * <p>A line torn by a crash mid-write (no trailing newline) is cut off when the journal opens.
 */
public final class SignalJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalJournal.class);
    /** A segment this large is rotated unless configured otherwise. */
    public static final long DEFAULT_MAX_SIZE = 64L * 1024 * 1024;
    /** Rotated segments kept unless configured otherwise. */
    public static final int DEFAULT_SEGMENTS_KEPT = 3;

    /**
     * One journal entry.
     *
     * @param offset journal offset where the line starts
     * @param next journal offset of the following line
     * @param json the signal's JSON
     */
    public record Entry(long offset, long next, String json) {
    }

    private final Path file;
    private final Path stateFile;
    private final Pattern segmentName;
    private final long maxSize;
    private final int segmentsKept;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<LongSupplier> readers = new CopyOnWriteArrayList<>();
    /** Rotated segments by base offset. */
    private final ConcurrentSkipListMap<Long, Path> rotated = new ConcurrentSkipListMap<>();
    private final FiringState firing = new FiringState();
    private final List<Entry> notSignalsAtOpen = new ArrayList<>();
    private final long repairedBytes;
    private volatile AppendOnlyFile segment;
    private long base;
    private boolean failing;

    /**
     * Opens (creating if needed) the journal with the default segment size and count.
     *
     * @param file the current segment, {@code <state-dir>/journal/signals.jsonl}
     * @throws IOException when it cannot be opened for appending
     */
    public SignalJournal(Path file) throws IOException {
        this(file, DEFAULT_MAX_SIZE, DEFAULT_SEGMENTS_KEPT);
    }

    /**
     * Opens (creating if needed) the journal.
     *
     * @param file the current segment, {@code <state-dir>/journal/signals.jsonl}
     * @param maxSize a segment this large (bytes) is rotated
     * @param segmentsKept rotated segments kept (more while a reader still needs them)
     * @throws IOException when it cannot be opened for appending
     */
    public SignalJournal(Path file, long maxSize, int segmentsKept) throws IOException {
        if (maxSize < 1 || segmentsKept < 0) {
            throw new IllegalArgumentException("journal max size must be positive and segments kept not negative, got "
                    + maxSize + " and " + segmentsKept);
        }
        this.file = file;
        this.maxSize = maxSize;
        this.segmentsKept = segmentsKept;
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        this.stateFile = file.resolveSibling(stem + ".state.json");
        this.segmentName = Pattern.compile(Pattern.quote(stem) + "-(\\d{20})\\.jsonl");
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(stateFile)) {
            base = firing.read(stateFile);
        }
        findRotated();
        Path unfinished = rotated.get(base);
        if (unfinished != null) {
            // a rotation stopped before its state was saved: the segment is still the current one
            if (Files.exists(file) && Files.size(file) > 0) {
                throw new IOException("journal segment " + unfinished + " has the base offset of " + file
                        + " and both hold signals; move one away");
            }
            AtomicFile.rename(unfinished, file);
            rotated.remove(base);
        }
        this.segment = AppendOnlyFile.open(file);
        this.repairedBytes = segment.repairedBytes();
        for (long offset = base; ; ) {
            List<Entry> batch = read(offset, 1000);
            if (batch.isEmpty()) {
                break;
            }
            for (Entry e : batch) {
                if (!firing.accept(e.json())) {
                    notSignalsAtOpen.add(e);
                }
            }
            offset = batch.get(batch.size() - 1).next();
        }
        if (segment.size() >= maxSize) {
            // a journal grown large before rotation existed (or with a larger max-size): rotated now, so the
            // next start reads little; nothing is deleted before the readers have said where they are
            rotate(false);
        }
    }

    private void findRotated() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(file.toAbsolutePath().getParent())) {
            for (Path p : files) {
                Matcher m = segmentName.matcher(p.getFileName().toString());
                if (m.matches()) {
                    rotated.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
    }

    private Path rotatedName(long segmentBase) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return file.resolveSibling(String.format("%s-%020d.jsonl", stem, segmentBase));
    }

    /** @return bytes of a torn last line that were cut off when the journal opened */
    public long repairedBytes() {
        return repairedBytes;
    }

    /** @return the current segment's file */
    public Path file() {
        return file;
    }

    /** @return the journal offset the next signal will be written at */
    public synchronized long size() {
        return base + segment.size();
    }

    /** @return the offset of the oldest signal kept (the first rotated segment's base) */
    public synchronized long start() {
        return rotated.isEmpty() ? base : rotated.firstKey();
    }

    /** @return bytes on disk: the current segment and the rotated ones kept */
    public long diskBytes() {
        long total = segment.size();
        for (Path p : rotated.values()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return total;
    }

    /**
     * Appends a signal and forces it to disk; rotates the segment when it is full.
     *
     * @param signal the signal
     * @return the offset it was written at
     */
    public long append(Signal signal) {
        String json = SignalJson.write(signal);
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        long offset;
        synchronized (this) {
            try {
                // a line torn by a full disk is cut off, now or before the next append
                offset = base + segment.append(line);
            } catch (IOException e) {
                failing = true;
                throw new UncheckedIOException("cannot append to signal journal " + file, e);
            }
            failing = false;
            firing.accept(json);
            if (segment.size() >= maxSize) {
                rotate(true);
            }
        }
        listeners.forEach(Runnable::run);
        return offset;
    }

    /**
     * Starts a new segment. The order makes every crash recoverable: the state is prepared, the
     * segment renamed, the new segment created, and only then the state (with the new base)
     * moved in place; a journal that opens with a rotated segment at its own base finishes
     * nothing and takes that segment back. A failed rotation leaves the journal as it was.
     */
    private void rotate(boolean deleteOld) {
        long next = base + segment.size();
        Path rotatedFile = rotatedName(base);
        AtomicFile.Staged state = null;
        AppendOnlyFile fresh = null;
        boolean renamed = false;
        try {
            state = AtomicFile.stage(stateFile, firing.bytes(next));
            segment.force();
            AtomicFile.rename(file, rotatedFile);
            renamed = true;
            fresh = AppendOnlyFile.create(file);
            state.commit();
        } catch (IOException e) {
            LOG.error("cannot rotate the signal journal {} at {} bytes ({}); it grows on and rotation is tried again "
                    + "at the next signal", file, segment.size(), e.toString());
            try {
                if (fresh != null) {
                    fresh.close();
                    Files.deleteIfExists(file);
                }
                if (renamed) {
                    AtomicFile.rename(rotatedFile, file);
                }
                if (state != null) {
                    state.discard();
                }
            } catch (IOException again) {
                LOG.error("cannot undo the failed rotation of the signal journal {}: {}", file, again.toString());
            }
            return;
        }
        AppendOnlyFile old = segment;
        rotated.put(base, rotatedFile);
        segment = fresh;
        base = next;
        try {
            old.close();
        } catch (IOException e) {
            // the segment was forced before it was renamed
        }
        LOG.info("signal journal rotated: {} holds offsets up to {}; {} firing signal(s) carried over", rotatedFile,
                next, firing.lines().size());
        if (deleteOld) {
            deleteOldSegments();
        }
    }

    private void deleteOldSegments() {
        long needed = Long.MAX_VALUE;
        for (LongSupplier reader : readers) {
            needed = Math.min(needed, reader.getAsLong());
        }
        while (rotated.size() > segmentsKept) {
            Map.Entry<Long, Path> oldest = rotated.firstEntry();
            Long end = rotated.higherKey(oldest.getKey());
            if ((end == null ? base : end) > needed) {
                return; // a reader is still behind: kept until it has read past it
            }
            try {
                Files.deleteIfExists(oldest.getValue());
            } catch (IOException e) {
                LOG.warn("cannot delete the old journal segment {}: {}", oldest.getValue(), e.toString());
                return;
            }
            rotated.remove(oldest.getKey());
        }
    }

    /**
     * Keeps rotated segments a reader has not read to the end of.
     *
     * @param position the offset the reader has read up to
     */
    public void retainFor(LongSupplier position) {
        readers.add(position);
    }

    /**
     * Reads entries starting at {@code offset}, within one segment.
     *
     * @param offset where to start (a line start)
     * @param max at most this many entries
     * @return the entries, possibly empty
     */
    public List<Entry> read(long offset, int max) {
        long currentBase;
        long end;
        AppendOnlyFile current;
        synchronized (this) {
            currentBase = base;
            end = base + segment.size();
            current = segment;
        }
        if (offset >= end) {
            return List.of(); // the common case for readers that poll: nothing new, nothing allocated
        }
        if (offset >= currentBase) {
            try {
                return entries(current.lines(offset - currentBase, max), currentBase);
            } catch (ClosedChannelException e) {
                if (current != segment) {
                    return read(offset, max); // rotated meanwhile: the offset is in a rotated segment now
                }
                throw new UncheckedIOException("signal journal " + file + " is closed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read signal journal " + file, e);
            }
        }
        Map.Entry<Long, Path> older = rotated.floorEntry(offset);
        if (older == null) {
            long first = start();
            LOG.error("journal offset {} was in a segment that is deleted; reading on from offset {}", offset, first);
            return first > offset ? read(first, max) : List.of();
        }
        Long following = rotated.higherKey(older.getKey());
        long segmentEnd = following == null ? currentBase : following;
        try (FileChannel in = FileChannel.open(older.getValue(), StandardOpenOption.READ)) {
            return entries(AppendOnlyFile.lines(in, offset - older.getKey(), segmentEnd - older.getKey(), max),
                    older.getKey());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signal journal segment " + older.getValue(), e);
        }
    }

    /** A segment's lines as journal entries: their offsets run on from the segment's base. */
    private static List<Entry> entries(List<AppendOnlyFile.Line> lines, long segmentBase) {
        List<Entry> entries = new ArrayList<>(lines.size());
        for (AppendOnlyFile.Line line : lines) {
            entries.add(new Entry(segmentBase + line.offset(), segmentBase + line.next(), line.text()));
        }
        return entries;
    }

    /**
     * Checks a reader's saved offset against the journal. An offset beyond the journal's end or
     * not at the start of a line means the journal was shortened or replaced behind the reader's
     * back (restored from a backup, say): reading on from there would skip signals or read half a
     * line. That is logged as an error naming the reader, and the reader starts again from the
     * first signal the journal holds; readers deliver idempotently by signal id, so a signal may be
     * delivered again but none is skipped. An offset in a segment already deleted is logged too.
     *
     * @param reader who reads (for the log), such as {@code escalation (every channel)}
     * @param cursor the offset it saved
     * @return where it should read from: {@code cursor} when valid
     */
    public long validCursor(String reader, long cursor) {
        long end = size();
        long first = start();
        String problem;
        if (cursor < first) {
            problem = "before the oldest segment kept of";
        } else if (cursor > end) {
            problem = "beyond the end of";
        } else if (cursor == first || atLineStart(cursor)) {
            return cursor;
        } else {
            problem = "not at the start of a line in";
        }
        LOG.error("the saved journal cursor of {} ({}) is {} the signal journal {} ({} bytes, offsets {} to {}): the "
                + "journal was shortened or replaced, for example restored from a backup; re-delivering from offset "
                + "{} (deliveries are idempotent by signal id, so nothing is skipped and some signals may be "
                + "delivered again)", reader, cursor, problem, file, diskBytes(), first, end, first);
        return first;
    }

    private boolean atLineStart(long offset) {
        synchronized (this) {
            if (offset == base || rotated.containsKey(offset)) {
                return true;
            }
        }
        List<Entry> before = read(Math.max(start(), offset - 1), 1);
        // reading from offset-1 yields a line starting there; it is the empty remainder "\n" only at a line end
        return !before.isEmpty() && before.get(0).offset() == offset - 1 && before.get(0).next() == offset;
    }

    /**
     * @return lines of the current segment that were not signals when the journal opened (garbage
     *     left by a damaged disk or a hand edit); they stay in place, skipped by every reader
     */
    public List<Entry> notSignalsAtOpen() {
        return List.copyOf(notSignalsAtOpen);
    }

    /**
     * @return every signal kept in the journal, in order
     * @throws IllegalArgumentException when a line is not a signal
     */
    public List<Signal> readAll() {
        return readAll(corrupt -> {
            throw new IllegalArgumentException("journal line at offset " + corrupt.offset() + " is not a signal");
        });
    }

    /**
     * Reads every signal kept, skipping the lines that are not one (garbage left by a damaged disk
     * or a hand edit): every reader skips them, and their offsets stay valid for the channels.
     *
     * @param corrupt told about each line that is not a signal
     * @return every signal kept in the journal, in order
     */
    public List<Signal> readAll(java.util.function.Consumer<Entry> corrupt) {
        List<Signal> all = new ArrayList<>();
        long offset = start();
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

    /**
     * What start-up needs to know of the history: the last signal of every fingerprint that fires,
     * from the saved state and the current segment only.
     *
     * @return those signals, in journal order
     */
    public synchronized List<Signal> firingState() {
        List<Signal> signals = new ArrayList<>();
        for (String json : firing.lines()) {
            try {
                signals.add(SignalJson.read(json));
            } catch (IllegalArgumentException notASignal) {
                LOG.warn("a firing journal line is not a valid signal; it does not restore alert state: {}", json);
            }
        }
        return signals;
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
        return segment.isOpen() && Files.isWritable(file);
    }

    @Override
    public synchronized void close() throws IOException {
        segment.close();
    }
}
