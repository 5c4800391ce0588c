package io.watchtower.runtime.time;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Where the daemon's timed work runs: probes, escalation, deliveries and their retries, registry
 * publication and heartbeats, snapshots. Every part takes one, paired with the clock it reads
 * time from, so the same daemon runs on real threads ({@link #system()}) or in virtual time
 * ({@link VirtualScheduler}), where a test moves time on and every task due meanwhile runs.
 */
public interface Scheduler {

    /**
     * A lane of timed work: its tasks run one at a time, each when it falls due. Shutting it down
     * lets tasks already due run and drops those due later.
     *
     * @param name what runs on it (its thread's name on the real scheduler)
     * @return a new lane
     */
    ScheduledExecutorService lane(String name);

    /**
     * Workers for work that may block for a while (a probe waiting up to its timeout), so that one
     * slow piece of work holds up no other.
     *
     * @param name what runs on them (their threads' name on the real scheduler)
     * @return new workers
     */
    ExecutorService workers(String name);

    /**
     * Waits until {@code done} holds, at most {@code timeout}, while this scheduler's work goes on
     * (on the real scheduler other threads do it; the virtual one runs what is due meanwhile).
     *
     * @param done the condition waited for
     * @param timeout how long at most
     * @return whether it holds
     * @throws InterruptedException when interrupted
     */
    boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException;

    /** @return the scheduler of real threads and real time */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }
}
