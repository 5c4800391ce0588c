package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Writes signals to the {@link SignalJournal} in the order they come, and never drops one because
 * the journal cannot be written for a while (a full disk, an I/O error).
 *
 * <p>A signal whose append fails is held in memory, and every later signal is held behind it so
 * the journal's order is the order of the signals. Held signals are written, oldest first, before
 * every new signal and on every {@link #retry()} (the daemon's housekeeping calls it every second
 * while signals are held: {@link #onHolding} tells it when they start to be);
 * each keeps the {@code since} and {@code at} it was made with. The outage is logged once when it
 * starts and once when every held signal is written.
 *
 * <p>At most {@value #MAX_HELD} signals are held; beyond that the newest are dropped and counted,
 * so a long outage cannot exhaust the heap.
 */
public final class JournalAppender implements Consumer<Signal> {

    private static final Logger LOG = LoggerFactory.getLogger(JournalAppender.class);
    /** The most signals held in memory while the journal cannot be written. */
    public static final int MAX_HELD = 10_000;

    private final SignalJournal journal;
    private final ArrayDeque<Signal> held = new ArrayDeque<>();
    private boolean failing;
    private long dropped;
    private long droppedThisOutage;
    private volatile Runnable onHolding = () -> { };

    /** @param journal the journal written to */
    public JournalAppender(SignalJournal journal) {
        this.journal = journal;
    }

    /** @param listener told when an append fails and signals start to be held (then call {@link #retry()}) */
    public void onHolding(Runnable listener) {
        this.onHolding = listener;
    }

    /**
     * Appends a signal after every held one; holds it when the journal cannot be written.
     *
     * @param signal the signal
     */
    @Override
    public synchronized void accept(Signal signal) {
        if (held.size() >= MAX_HELD) {
            dropped++;
            droppedThisOutage++;
            if (droppedThisOutage == 1) {
                LOG.error("{} signals are held while the signal journal {} cannot be written; newer signals are "
                        + "dropped until it can", MAX_HELD, journal.file());
            }
            retry();
            return;
        }
        held.addLast(signal);
        retry();
    }

    /**
     * Writes held signals, oldest first, until one fails or none is left.
     *
     * @return whether every signal is written
     */
    public synchronized boolean retry() {
        while (!held.isEmpty()) {
            Signal next = held.peekFirst();
            try {
                journal.append(next);
            } catch (UncheckedIOException e) {
                if (!failing) {
                    failing = true;
                    onHolding.run();
                    LOG.error("cannot write the signal journal {} ({}); signals are held in memory, in order, and "
                            + "written when it can be written again; /ready says 503 meanwhile", journal.file(),
                            e.getCause() == null ? e.getMessage() : e.getCause().toString());
                }
                return false;
            }
            held.removeFirst();
        }
        if (failing) {
            failing = false;
            LOG.warn("the signal journal {} can be written again; every held signal is written{}", journal.file(),
                    droppedThisOutage == 0 ? "" : " except " + droppedThisOutage + " dropped beyond " + MAX_HELD);
            droppedThisOutage = 0;
        }
        return true;
    }

    /** @return signals waiting to be written */
    public synchronized int held() {
        return held.size();
    }

    /** @return signals dropped since start because too many were held */
    public synchronized long dropped() {
        return dropped;
    }

    /** @return whether nothing is held and the last append succeeded */
    public synchronized boolean healthy() {
        return held.isEmpty() && !failing;
    }
}
