package io.watchtower.runtime.api;

import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.journal.JournalAppender;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.probe.ProbeScheduler;
import io.watchtower.runtime.series.SeriesTracker;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The engine as the read side sees it: the configuration in force, the series, the probe
 * scheduler and the journal, and whether all of them are fit to run. Built from parts that
 * already exist; the daemon tells it of a new configuration and of stopping.
 */
public final class EngineView {

    /** Below this much free space in the state dir the daemon is not ready: signals may not be written. */
    static final long MIN_FREE_BYTES = 64 * 1024;

    private final SeriesTracker tracker;
    private final ProbeScheduler scheduler;
    private final SignalJournal journal;
    private final JournalAppender appender;
    private volatile DaemonConfig config;
    private volatile boolean stopped;

    /**
     * @param config the configuration in force
     * @param tracker the series tracker
     * @param scheduler the probe scheduler
     * @param journal the signal journal
     * @param appender where signals are written
     */
    public EngineView(DaemonConfig config, SeriesTracker tracker, ProbeScheduler scheduler, SignalJournal journal,
                      JournalAppender appender) {
        this.config = config;
        this.tracker = tracker;
        this.scheduler = scheduler;
        this.journal = journal;
        this.appender = appender;
    }

    /** @param next the configuration now in force (after a reload) */
    public void configured(DaemonConfig next) {
        this.config = next;
    }

    /** Marks the engine stopped: it is no longer ready. */
    public void stopped() {
        this.stopped = true;
    }

    /** @return the configuration in force */
    public DaemonConfig config() {
        return config;
    }

    /** @return the series tracker */
    public SeriesTracker tracker() {
        return tracker;
    }

    /** @return the probe scheduler */
    public ProbeScheduler scheduler() {
        return scheduler;
    }

    /** @return the signal journal */
    public SignalJournal journal() {
        return journal;
    }

    /** @return where signals are written: the journal, in order, holding them while it cannot be written */
    public JournalAppender appender() {
        return appender;
    }

    /**
     * @return whether every configured tower is scheduled, the scheduler answers, the state dir is
     *     writable and has room, and every signal is written to the journal (none held)
     */
    public boolean ready() {
        DaemonConfig c = config;
        return !stopped && scheduler.scheduled().containsAll(c.towers().keySet())
                && scheduler.unansweredFor().toSeconds() < 5 && journal.writable() && appender.healthy()
                && Files.isWritable(c.stateDir()) && stateDirFreeBytes() >= MIN_FREE_BYTES;
    }

    /** @return bytes a write to the state dir can use now, or -1 when that cannot be told */
    public long stateDirFreeBytes() {
        try {
            return Files.getFileStore(config.stateDir()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
