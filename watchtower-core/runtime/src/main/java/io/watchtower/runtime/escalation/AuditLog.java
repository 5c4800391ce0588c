package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.state.OwnerOnly;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;

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
import java.util.Map;

/**
 * A standalone audit trail of control actions: one JSON line per action (when, who, what, on
 * what), forced to disk before the action is acknowledged. The daemon records into the API's
 * audit log instead; this one serves embedded use and tests.
 */
public final class AuditLog implements Audit {

    private final Path file;
    private final TowerClock clock;

    /**
     * @param file the audit file
     * @param clock the clock
     */
    public AuditLog(Path file, TowerClock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Records an action.
     *
     * @param actor who did it
     * @param action what, for example {@code silence.create}
     * @param details on what, with which parameters
     */
    @Override
    public synchronized void record(String actor, String action, Map<String, String> details) {
        ObjectNode line = SignalJson.mapper().createObjectNode();
        line.put("at", clock.now().toString());
        line.put("who", actor);
        line.put("action", action);
        details.forEach(line::put);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            OwnerOnly.directories(file.toAbsolutePath().getParent());
            try (FileChannel out = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
    }

    /** @return every recorded line, oldest first */
    public synchronized List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
