package io.watchtower.runtime.escalation;

import io.watchtower.runtime.state.AtomicFile;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.state.Quarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Feeds the journal to the {@link Escalator}, in order, and ticks it. The escalator's state and
 * the journal offset it has consumed are saved together ({@code escalation.json}, atomically)
 * after each batch and each tick that notified something; the notifications of a batch reach the
 * outboxes (forced to disk) before the state saying they were made. After a crash the journal is
 * consumed again from the saved offset: notifications made after the last save are made again,
 * with the same ids. A daemon without saved state starts at the journal's end.
 */
public final class EscalationPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationPipeline.class);
    /** With no group open, time-based escalation is evaluated every this many ticks. */
    private static final int IDLE_TICKS = 10;

    /**
     * What is saved.
     *
     * @param offset the journal offset consumed up to
     * @param escalator the escalator's state
     */
    public record Saved(long offset, Escalator.State escalator) {
    }

    private final SignalJournal journal;
    private final Escalator escalator;
    private final Path stateFile;
    private byte[] saved;
    private long savedRevision = -1;
    private long savedOffset = -1;
    private final long tickMillis;
    private final Runnable onTick;
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long offset;

    /**
     * Restores saved state and starts consuming.
     *
     * @param journal the signal journal
     * @param escalator the escalator
     * @param stateFile where state is saved
     * @param tick how often the escalator ticks
     * @param onTick also run on every tick (for example outbox checks)
     * @throws IOException when the saved state cannot be read
     */
    public EscalationPipeline(SignalJournal journal, Escalator escalator, Path stateFile, Duration tick,
                              Runnable onTick) throws IOException {
        this(journal, escalator, stateFile, tick, onTick, new Quarantine(io.watchtower.spi.TowerClock.system()));
    }

    /**
     * Starts consuming the journal where the saved state left off (a corrupt state file is
     * quarantined; escalation then starts fresh at the journal's end).
     *
     * @param journal the signal journal
     * @param escalator the escalator
     * @param stateFile where state is saved
     * @param tick how often the escalator ticks
     * @param onTick also run on every tick (for example outbox checks)
     * @param quarantine where a corrupt state file goes
     * @throws IOException when the saved state cannot be read
     */
    public EscalationPipeline(SignalJournal journal, Escalator escalator, Path stateFile, Duration tick,
                              Runnable onTick, Quarantine quarantine) throws IOException {
        this.journal = journal;
        this.escalator = escalator;
        this.stateFile = stateFile;
        this.tickMillis = Math.max(10, tick.toMillis());
        this.onTick = onTick;
        Optional<Saved> restored = quarantine.read(stateFile, "escalation state", f -> SignalJson.mapper()
                .readValue(Files.readString(f, StandardCharsets.UTF_8), Saved.class));
        if (restored.isPresent()) {
            Saved saved = restored.get();
            escalator.restore(saved.escalator());
            this.offset = journal.validCursor("escalation (every channel)", saved.offset());
        } else {
            this.offset = journal.size();
            save();
        }
        journal.onAppend(this::wake);
        journal.retainFor(() -> offset);
        this.thread = new Thread(this::run, "escalation");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                List<SignalJournal.Entry> entries = journal.read(offset, 200);
                for (SignalJournal.Entry e : entries) {
                    try {
                        escalator.accept(SignalJson.read(e.json()));
                    } catch (IllegalArgumentException notASignal) {
                        LOG.error("journal entry at offset {} is not a signal; skipped by escalation", e.offset());
                    }
                    offset = e.next();
                }
                if (!entries.isEmpty()) {
                    save();
                    nextTick = Math.min(nextTick, System.nanoTime() + tickMillis * 1_000_000L);
                }
                if (System.nanoTime() >= nextTick) {
                    escalator.tick();
                    onTick.run();
                    save();
                    // with no group open nothing can fall due before the next signal, which wakes us
                    long next = escalator.idle() ? IDLE_TICKS * tickMillis : tickMillis;
                    nextTick = System.nanoTime() + next * 1_000_000L;
                }
                if (entries.isEmpty()) {
                    synchronized (wake) {
                        if (running && journal.size() <= offset) {
                            wake.wait(Math.max(1, (nextTick - System.nanoTime()) / 1_000_000L));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("escalation failed; retrying in a second", e);
                synchronized (wake) {
                    try {
                        wake.wait(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void save() throws IOException {
        long revision = escalator.revision();
        if (revision == savedRevision && offset == savedOffset) {
            return; // nothing changed since the last save: no serialisation, no write, no fsync
        }
        byte[] bytes = SignalJson.mapper().writeValueAsBytes(new Saved(offset, escalator.state()));
        if (Arrays.equals(bytes, saved)) {
            savedRevision = revision;
            return; // a tick that changed nothing costs no write and no fsync
        }
        AtomicFile.write(stateFile, bytes);
        saved = bytes;
        savedRevision = revision;
        savedOffset = offset;
    }

    /** @return journal bytes not yet consumed */
    public long backlogBytes() {
        return Math.max(0, journal.size() - offset);
    }

    /**
     * Waits until everything journaled so far is consumed.
     *
     * @param timeoutMillis how long at most
     * @return whether it was
     * @throws InterruptedException when interrupted
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (backlogBytes() > 0 && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(10);
        }
        return backlogBytes() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        thread.interrupt();
        thread.join(2000);
    }
}
