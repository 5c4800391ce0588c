package io.watchtower.runtime.probe;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Times every tower's probes. One lane of the {@link Scheduler} only keeps time; each probe is
 * supervised by a worker (which waits at most the probe timeout) and runs on the tower's own
 * thread, so no tower can hold up another or the scheduler itself. Whether the scheduler's lane
 * still runs is asked, not polled ({@link #unansweredFor()}): readiness, the service manager's
 * watchdog and the registry's heartbeats each ask when they need to know, and between probes the
 * lane sleeps. On a {@link io.watchtower.runtime.time.VirtualScheduler} all of it runs in virtual
 * time.
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeScheduler.class);

    private final Consumer<ProbeResult> results;
    private final ScheduledExecutorService timer;
    private final ExecutorService supervisors;
    private final Map<String, RunningTower> towers = new ConcurrentHashMap<>();
    private final TowerClock clock;
    /** When the question the lane has not answered yet was put to it, or {@link #ANSWERED}. */
    private final AtomicLong askedNanos = new AtomicLong(ANSWERED);
    private static final long ANSWERED = Long.MIN_VALUE;

    /**
     * Schedules on real threads and real time.
     *
     * @param results receives every probe result, from supervisor threads
     */
    public ProbeScheduler(Consumer<ProbeResult> results) {
        this(results, TowerClock.system(), Scheduler.system());
    }

    /**
     * @param results receives every probe result, from supervisor threads
     * @param clock the clock the beat is read on
     * @param scheduler where probes are timed and supervised
     */
    public ProbeScheduler(Consumer<ProbeResult> results, TowerClock clock, Scheduler scheduler) {
        this.results = results;
        this.clock = clock;
        this.timer = scheduler.lane("scheduler");
        this.supervisors = scheduler.workers("probe-supervisor");
    }

    /**
     * Starts probing a tower.
     *
     * @param tower the tower
     */
    public void start(RunningTower tower) {
        towers.put(tower.instance().id(), tower);
        schedule(tower, tower.firstDelay());
    }

    private void schedule(RunningTower tower, Duration delay) {
        try {
            timer.schedule(() -> tick(tower), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void tick(RunningTower tower) {
        if (tower.closed() || towers.get(tower.instance().id()) != tower) {
            return;
        }
        try {
            supervisors.execute(() -> supervise(tower));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * Runs one probe, hands on its result and schedules the next. Nothing that goes wrong here —
     * an {@link Error} included — may end the tower's schedule: the next probe is always scheduled.
     */
    private void supervise(RunningTower tower) {
        Duration delay = null;
        try {
            ProbeResult result = tower.probe();
            if (tower.closed()) {
                return;
            }
            try {
                results.accept(result);
            } catch (RuntimeException | Error e) {
                LOG.error("probe result of tower {} could not be processed", tower.instance().id(), e);
            }
            delay = tower.nextDelay().minusNanos(result.durationNanos());
        } catch (RuntimeException | Error e) {
            LOG.error("probe of tower {} could not be run: {}", tower.instance().id(), RunningTower.describe(e));
        } finally {
            if (!tower.closed()) {
                schedule(tower, delay != null ? delay : tower.nextDelay());
            }
        }
    }

    /**
     * Stops probing a tower and closes it.
     *
     * @param id the tower id
     */
    public void stop(String id) {
        RunningTower tower = towers.remove(id);
        if (tower != null) {
            tower.close();
        }
    }

    /** @return ids of the towers being probed */
    public java.util.Set<String> scheduled() {
        return java.util.Set.copyOf(towers.keySet());
    }

    /**
     * How long the scheduler's lane has left a question unanswered: each call that finds no
     * question pending puts one to the lane (a task that only marks it answered) and reports zero;
     * a call that finds one pending reports how long ago it was put. A lane that runs answers within
     * microseconds, so a second call a few seconds after the first reports zero again; a stuck lane
     * never answers, and the figure grows from the first call after it stuck. Nothing runs between
     * calls: the lane sleeps until a probe or a question is due.
     *
     * @return how long the pending question has waited, or zero when none was pending
     */
    public Duration unansweredFor() {
        long now = clock.nanoTime();
        long asked = askedNanos.get();
        if (asked != ANSWERED) {
            return Duration.ofNanos(Math.max(0, now - asked));
        }
        if (askedNanos.compareAndSet(ANSWERED, now)) {
            try {
                timer.execute(() -> askedNanos.set(ANSWERED));
            } catch (RejectedExecutionException e) {
                // shut down: the question stays unanswered, as it should
            }
        }
        return Duration.ZERO;
    }

    /** Stops every tower and the scheduler. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (String id : java.util.List.copyOf(towers.keySet())) {
            stop(id);
        }
        supervisors.shutdownNow();
    }
}
