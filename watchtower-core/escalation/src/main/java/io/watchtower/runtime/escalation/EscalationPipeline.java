package io.watchtower.runtime.escalation;

import io.watchtower.runtime.state.AtomicFile;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.time.TimedLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Feeds the journal to the {@link Escalator}, in order, and runs it when something falls due. The
 * escalator's state and the journal offset it has consumed are saved together
 * ({@code escalation.json}, atomically) after each batch and each run that notified something; the
 * notifications of a batch reach the outboxes (forced to disk) before the state saying they were
 * made. After a crash the journal is consumed again from the saved offset: notifications made
 * after the last save are made again, with the same ids. A daemon without saved state starts at
 * the journal's end.
 *
 * <p>It does not poll: it runs when a signal is journaled, when {@link #wake()} is called (a
 * silence or the settings changed, an outbox drained) and when the escalator's next deadline
 * (group-wait, repeat, a severity raise, a silence ending) falls due; with groups open it also
 * looks once a minute at the latest, so a step of the wall clock cannot hold a silence's end back
 * for long, and with none open once an hour (pruning old silences).
 */
public final class EscalationPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationPipeline.class);
    /** The longest wait while a group is open, whatever falls due. */
    static final Duration LONGEST_WAIT_OPEN = Duration.ofMinutes(1);
    /** The longest wait with no group open: housekeeping only. */
    static final Duration LONGEST_WAIT_IDLE = Duration.ofHours(1);
    private static final int BATCH = 200;

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
    private final Runnable onRun;
    private final Scheduler scheduler;
    private final TimedLoop loop;
    private volatile long offset;

    /**
     * Restores saved state and starts consuming.
     *
     * @param journal the signal journal
     * @param escalator the escalator
     * @param stateFile where state is saved
     * @param scheduler where it runs
     * @param onRun also run on every run (for example outbox checks)
     * @throws IOException when the saved state cannot be read
     */
    public EscalationPipeline(SignalJournal journal, Escalator escalator, Path stateFile, Scheduler scheduler,
                              Runnable onRun) throws IOException {
        this(journal, escalator, stateFile, scheduler, onRun, new Quarantine(io.watchtower.spi.TowerClock.system()));
    }

    /**
     * Starts consuming the journal where the saved state left off (a corrupt state file is
     * quarantined; escalation then starts fresh at the journal's end).
     *
     * @param journal the signal journal
     * @param escalator the escalator
     * @param stateFile where state is saved
     * @param scheduler where it runs
     * @param onRun also run on every run (for example outbox checks)
     * @param quarantine where a corrupt state file goes
     * @throws IOException when the saved state cannot be read
     */
    public EscalationPipeline(SignalJournal journal, Escalator escalator, Path stateFile, Scheduler scheduler,
                              Runnable onRun, Quarantine quarantine) throws IOException {
        this.journal = journal;
        this.escalator = escalator;
        this.stateFile = stateFile;
        this.onRun = onRun;
        this.scheduler = scheduler;
        Optional<Saved> restored = quarantine.read(stateFile, "escalation state", EscalationStateJson::read);
        if (restored.isPresent()) {
            Saved saved = restored.get();
            escalator.restore(saved.escalator());
            this.offset = journal.validCursor("escalation (every channel)", saved.offset());
        } else {
            this.offset = journal.size();
            save();
        }
        this.loop = new TimedLoop("escalation", scheduler.lane("escalation"), this::step);
        journal.onAppend(loop::wake);
        journal.retainFor(() -> offset);
        loop.wake();
    }

    /** Runs escalation now: something that changes what is due (a silence, the settings) happened. */
    public void wake() {
        loop.wake();
    }

    /** One run: the journal's new signals, then whatever is due. @return how long until the next is due */
    private Duration step() throws IOException {
        List<SignalJournal.Entry> entries = journal.read(offset, BATCH);
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
            if (journal.size() > offset) {
                return Duration.ZERO; // more to read
            }
        }
        escalator.tick();
        onRun.run();
        save();
        if (escalator.idle()) {
            return LONGEST_WAIT_IDLE;
        }
        return escalator.untilDue().filter(d -> d.compareTo(LONGEST_WAIT_OPEN) < 0).orElse(LONGEST_WAIT_OPEN);
    }

    private void save() throws IOException {
        long revision = escalator.revision();
        if (revision == savedRevision && offset == savedOffset) {
            return; // nothing changed since the last save: no serialisation, no write, no fsync
        }
        byte[] bytes = EscalationStateJson.write(new Saved(offset, escalator.state()));
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
        return scheduler.await(() -> backlogBytes() == 0, Duration.ofMillis(timeoutMillis));
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
