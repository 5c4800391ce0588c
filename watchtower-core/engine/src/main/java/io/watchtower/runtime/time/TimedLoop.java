package io.watchtower.runtime.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Work that runs when it falls due or when something happens, never on a poll: each run of the
 * step returns how long until it is due again, and {@link #wake()} (a new signal, a new
 * notification in an outbox) runs it at once. Runs never overlap; a wake during a run makes one
 * more run after it. Between runs nothing wakes, so an idle loop costs no CPU.
 */
public final class TimedLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimedLoop.class);
    /** How long a step that threw waits before it runs again. */
    static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    /** One run of the work. */
    @FunctionalInterface
    public interface Step {
        /**
         * Does what is due now.
         *
         * @return how long until it is due again; {@code null} when only a {@link #wake()} makes it due
         * @throws Exception when it failed; it runs again after a second
         */
        Duration run() throws Exception;
    }

    private final String name;
    private final ScheduledExecutorService lane;
    private final Step step;
    private ScheduledFuture<?> timer;
    private boolean woken;
    private boolean running;
    private boolean nudged;
    private boolean closed;

    /**
     * @param name what the loop does, for the log
     * @param lane where it runs; the loop owns it and shuts it down on {@link #close()}
     * @param step one run of the work
     */
    public TimedLoop(String name, ScheduledExecutorService lane, Step step) {
        this.name = name;
        this.lane = lane;
        this.step = step;
    }

    /** Runs the step as soon as possible (and once more if it is running now). */
    public synchronized void wake() {
        if (closed || woken) {
            return;
        }
        woken = true;
        try {
            lane.execute(this::run);
        } catch (RejectedExecutionException e) {
            woken = false; // shutting down
        }
    }

    /**
     * Makes sure the step runs again, without hurrying it: when a run is already due (its timer is
     * pending, for example a retry's backoff), nothing changes; when a run is under way and asks for
     * no further run, it runs once more; when the loop is idle, it runs now. For new work that the
     * step's next run picks up anyway, such as a notification added to an outbox that is backing off.
     */
    public synchronized void nudge() {
        if (closed || woken || timer != null) {
            return;
        }
        if (running) {
            nudged = true;
            return;
        }
        wake();
    }

    private void run() {
        synchronized (this) {
            if (closed) {
                return;
            }
            woken = false;
            running = true;
            nudged = false;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
        Duration next;
        try {
            next = step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception | Error e) {
            LOG.error("{} failed; it runs again in {} s", name, AFTER_FAILURE.toSeconds(), e);
            next = AFTER_FAILURE;
        }
        synchronized (this) {
            running = false;
            if (next == null && nudged) {
                next = Duration.ZERO;
            }
            nudged = false;
            if (closed || next == null || woken) {
                return;
            }
            try {
                timer = lane.schedule(this::run, Math.max(0, next.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /**
     * Stops the loop: no further run starts; a run under way may finish within {@code grace}, then
     * its thread is interrupted.
     *
     * @param grace how long a run under way may take to finish
     * @throws InterruptedException when interrupted while waiting
     */
    public void close(Duration grace) throws InterruptedException {
        synchronized (this) {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        lane.shutdown();
        if (!lane.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            lane.shutdownNow();
        }
    }

    /** Stops the loop, a run under way given two seconds to finish. */
    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(2));
    }
}
