package io.watchtower.runtime.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit log of control actions: one JSON line per action (when, who, what, details), appended
 * and forced to disk before the action is answered. Also written to the log as {@code audit}.
 *
 * <pre>{@code
 * audit.record("ops", "silence.create", Map.of("component", "orders-db", "expires", "2026-11-22T10:00:00Z"));
 * }</pre>
 */
public final class ControlAuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("audit");

    private final TowerClock clock;
    /** The file and its open log; both change only when a reload moves the log. */
    private Path file;
    private AppendOnlyFile log;

    /**
     * @param file the log file (created if needed)
     * @param clock the clock
     * @throws IOException when it cannot be opened
     */
    public ControlAuditLog(Path file, TowerClock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.log = AppendOnlyFile.open(file); // a line torn by a crash is cut off
    }

    /**
     * Records a control action.
     *
     * @param who the token name (or {@code anonymous})
     * @param action what, for example {@code silence.create}
     * @param details the action's parameters
     */
    public synchronized void record(String who, String action, Map<String, String> details) {
        try {
            log.append(line(SignalComposer.iso(clock.now().toEpochMilli()), who, action, details));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
        LOG.info("{} by {}: {}", action, who, details);
    }

    /**
     * @return one line of the log: {@code {"at","who","action","details":{...}}} with the details sorted by
     *     key, written with Jackson's streaming generator
     */
    static byte[] line(String at, String who, String action, Map<String, String> details) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("at", at);
            g.writeStringField("who", who);
            g.writeStringField("action", action);
            g.writeObjectFieldStart("details");
            for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * @param limit at most this many
     * @return the latest entries, oldest first
     */
    public synchronized List<String> recent(int limit) {
        List<String> all = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    all.add(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
    }

    /** @return the log file */
    public synchronized Path file() {
        return file;
    }

    /**
     * Opens the file a reload moves the log to ({@code watchtower.api.audit-log} changed), without
     * moving yet: actions are recorded in the old file until {@link Move#apply()}.
     *
     * @param next the new file (created if needed)
     * @return the move, to apply once every other part of the reload is ready, or to close
     * @throws IOException when the new file cannot be opened
     */
    public Move moveTo(Path next) throws IOException {
        return new Move(next, AppendOnlyFile.open(next));
    }

    /** A prepared move of the log to another file. */
    public final class Move implements AutoCloseable {
        private final Path next;
        private final AppendOnlyFile opened;
        private boolean applied;

        private Move(Path next, AppendOnlyFile opened) {
            this.next = next;
            this.opened = opened;
        }

        /** Records every later action in the new file and closes the old one. */
        public void apply() {
            AppendOnlyFile old;
            Path was;
            synchronized (ControlAuditLog.this) {
                old = log;
                was = file;
                log = opened;
                file = next;
                applied = true;
            }
            try {
                old.close();
            } catch (IOException e) {
                LOG.warn("closing the audit log {} failed: {}", was, e.toString());
            }
        }

        /** Abandons the move when it was not applied (the reload failed): the new file is closed. */
        @Override
        public void close() throws IOException {
            if (!applied) {
                opened.close();
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
