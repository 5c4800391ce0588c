package io.watchtower.runtime.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Puts a corrupt state file out of the way so that the daemon starts with what is valid: the file
 * (or a directory where a file belongs) is renamed to {@code <name>.corrupt-<UTC time>} next to
 * it, logged with its path and the offset of the damage, and remembered, so the daemon can raise
 * a {@code watchtower/state} signal for each one. Every store of the state dir uses it.
 */
public final class Quarantine {

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * One quarantined file.
     *
     * @param file where it was
     * @param movedTo where it is now
     * @param offset the byte offset of the damage, or -1 when it is not about content
     * @param reason what is wrong with it
     */
    public record Moved(Path file, Path movedTo, long offset, String reason) {

        /** @return one sentence for logs and signals */
        public String describe() {
            return "state file " + file + " is corrupt (" + reason + (offset >= 0 ? " at byte " + offset : "")
                    + ") and was moved to " + movedTo;
        }
    }

    private final TowerClock clock;
    private final List<Moved> moved = new CopyOnWriteArrayList<>();

    /** @param clock the clock, for the quarantined file's name */
    public Quarantine(TowerClock clock) {
        this.clock = clock;
    }

    /**
     * Renames a corrupt file (or a directory in a file's place) aside.
     *
     * @param file the file
     * @param offset the byte offset of the damage, or -1
     * @param reason what is wrong with it
     * @return where it was moved
     * @throws IOException when it cannot be moved (the state dir is then unusable)
     */
    public Path move(Path file, long offset, String reason) throws IOException {
        Path target = free(file);
        Files.move(file, target);
        return record(new Moved(file, target, offset, reason));
    }

    /**
     * Copies one corrupt line of an append-only file aside (the file itself stays where it is,
     * because readers hold byte offsets into it; they skip the line).
     *
     * @param file the file
     * @param offset the line's byte offset
     * @param line the line
     * @param reason what is wrong with it
     * @return where the line was copied
     * @throws IOException when it cannot be written
     */
    public Path copyLine(Path file, long offset, String line, String reason) throws IOException {
        Path target = free(file);
        try (java.nio.channels.FileChannel out = OwnerOnly.open(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
        return record(new Moved(file, target, offset, reason));
    }

    private Path record(Moved m) {
        moved.add(m);
        LOG.warn("{}; the daemon starts without it", m.describe());
        return m.movedTo();
    }

    private Path free(Path file) {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.now());
        Path target = file.resolveSibling(base);
        for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        return target;
    }

    /** Reads a state file. */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param file the file
         * @return its content
         * @throws IOException when it cannot be read or is not what it should be
         */
        T read(Path file) throws IOException;
    }

    /**
     * Reads a state file; when its content is not what it should be (garbage, truncated JSON) or a
     * directory stands in its place, it is quarantined and nothing is returned.
     *
     * @param file the file
     * @param what what it should hold, for the log and the signal ("a list of silences")
     * @param reader reads and parses it
     * @param <T> what it holds
     * @return the content, or empty when the file is missing or was quarantined
     * @throws IOException when the file cannot be read or moved for another reason
     */
    public <T> Optional<T> read(Path file, String what, Reader<T> reader) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            move(file, -1, "a directory where " + what + " belongs");
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(file));
        } catch (JsonProcessingException e) {
            move(file, offsetOf(e), "not " + what + ": " + e.getOriginalMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            move(file, e.getCause() instanceof JsonProcessingException j ? offsetOf(j) : -1,
                    "not " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static long offsetOf(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null) {
            return -1;
        }
        return at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
    }

    /** @return every file quarantined so far, in order */
    public List<Moved> moved() {
        return List.copyOf(moved);
    }
}
