package io.watchtower.runtime.probe;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one tower's probes: on the tower's own thread, one at a time, each bounded by the timeout
 * (the thread is interrupted when it runs over). A probe still running when the next is due is
 * not overlapped: that probe is reported as an overrun. The next delay grows exponentially while
 * the probe fails or every target is unreachable, and varies by the configured jitter.
 *
 * <p>Everything a tower does happens on its own thread, so a tower that hangs or throws cannot
 * delay another tower. Whatever it throws, an {@link Error} included, is that probe's failure.
 */
public final class RunningTower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningTower.class);
    /** The longest failure text a probe result carries. */
    static final int MAX_FAILURE_TEXT = 1024;

    private final TowerInstance instance;
    private final TowerClock clock;
    private final ExecutorService thread;
    private final SplittableRandom random;
    /** Set while the tower's thread is inside observe(); a cancelled Future does not mean the thread returned. */
    private final java.util.concurrent.atomic.AtomicBoolean observing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Observations this tower reported after its probe had ended, not yet in a result. */
    private final java.util.concurrent.atomic.AtomicLong lateDrops = new java.util.concurrent.atomic.AtomicLong();
    private final DropWarning dropWarning;
    private int badInARow;
    private volatile boolean closed;

    /**
     * @param instance the tower and its schedule
     * @param clock the clock probes are stamped with
     * @param seed seeds the jitter
     */
    public RunningTower(TowerInstance instance, TowerClock clock, long seed) {
        this.instance = instance;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.dropWarning = new DropWarning(instance.id(), clock, LOG);
        // a library the daemon shares (the PostgreSQL driver) loads classes a tower names — its
        // socket factory — through the thread's context class loader: the tower's own loader
        ClassLoader towerLoader = instance.tower().getClass().getClassLoader();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tower-" + instance.id());
            t.setDaemon(true);
            t.setContextClassLoader(towerLoader);
            return t;
        });
    }

    /**
     * Builds a probe result from observations reported by {@code report} instead of a tower: for
     * replays and scripted tests, judged exactly like a real probe's.
     *
     * @param tower the tower id
     * @param at epoch milliseconds of the probe
     * @param report reports observations
     * @return the result
     */
    public static ProbeResult scripted(String tower, long at, java.util.function.Consumer<io.watchtower.spi.Observations> report) {
        // a scripted report waits on nothing: its deadline is a day away
        ObservationRecorder recorder = new ObservationRecorder(
                MonotonicDeadline.real(java.time.Instant.ofEpochMilli(at), Duration.ofDays(1)));
        report.accept(recorder);
        recorder.seal();
        return new ProbeResult(tower, at, ProbeResult.Outcome.OK, null, recorder.observations(), recorder.context(), 0);
    }

    /** @return the tower and its schedule */
    public TowerInstance instance() {
        return instance;
    }

    /**
     * Runs one probe and waits for it, at most the timeout.
     *
     * @return what the probe produced
     */
    public synchronized ProbeResult probe() {
        long at = clock.now().toEpochMilli();
        long monotonic = clock.nanoTime();
        long started = System.nanoTime();
        if (observing.get()) {
            return new ProbeResult(instance.id(), at, ProbeResult.Outcome.OVERRUN,
                    "the previous probe is still running after " + instance.timeout().toMillis() + " ms",
                    List.of(), Map.of(), 0, ProbeResult.Drops.NONE, monotonic);
        }
        Instant start = Instant.ofEpochMilli(at);
        MonotonicDeadline wait = MonotonicDeadline.real(start, instance.timeout());
        ObservationRecorder recorder = new ObservationRecorder(lateDrops, MonotonicDeadline.real(start,
                towerBudget(instance.timeout())));
        // what observe() threw, kept as is: wrapping it (as a Future does) already asks for its message
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Future<?> future;
        try {
            observing.set(true);
            future = thread.submit(() -> {
                MDC.put("tower", instance.id());
                try {
                    instance.tower().observe(recorder);
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    MDC.remove("tower");
                    observing.set(false);
                }
                return null;
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            observing.set(false);
            return new ProbeResult(instance.id(), at, ProbeResult.Outcome.FAILED, "tower is closed", List.of(), Map.of(), 0,
                    ProbeResult.Drops.NONE, monotonic);
        }
        ProbeResult.Outcome outcome = ProbeResult.Outcome.OK;
        String failure = null;
        try {
            future.get(wait.remaining().toNanos(), TimeUnit.NANOSECONDS);
            Throwable cause = thrown.get();
            if (cause != null) {
                outcome = ProbeResult.Outcome.FAILED;
                failure = describe(cause);
                LOG.debug("probe of tower {} failed: {}", instance.id(), failure);
            }
        } catch (TimeoutException e) {
            future.cancel(true);
            outcome = ProbeResult.Outcome.TIMEOUT;
            failure = "no answer within " + instance.timeout().toMillis() + " ms";
        } catch (ExecutionException e) {
            outcome = ProbeResult.Outcome.FAILED;
            failure = describe(e.getCause());
            LOG.debug("probe of tower {} failed: {}", instance.id(), failure);
        } catch (CancellationException e) {
            outcome = ProbeResult.Outcome.FAILED;
            failure = "cancelled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            outcome = ProbeResult.Outcome.FAILED;
            failure = "interrupted";
        }
        recorder.seal();
        long duration = System.nanoTime() - started;
        ProbeResult.Drops drops = new ProbeResult.Drops(recorder.droppedOverCap(), lateDrops.getAndSet(0),
                recorder.droppedInvalid());
        dropWarning.probed(drops);
        ProbeResult result = new ProbeResult(instance.id(), at, outcome, failure, recorder.observations(),
                recorder.context(), duration, drops, monotonic);
        if (outcome == ProbeResult.Outcome.OK && result.allUnreachable()
                || outcome != ProbeResult.Outcome.OK) {
            badInARow++;
        } else {
            badInARow = 0;
        }
        return result;
    }

    /**
     * The part of the timeout a tower may spend looking, its {@link io.watchtower.spi.Observations#deadline()}:
     * the timeout less a tenth of it (at most one second), kept so the tower can still report what
     * it saw before the core stops waiting.
     *
     * @param timeout the tower's timeout
     * @return the time from the probe's start to the tower's deadline
     */
    public static Duration towerBudget(Duration timeout) {
        Duration reserve = timeout.dividedBy(10);
        return timeout.minus(reserve.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : reserve);
    }

    /**
     * Names what a tower threw, whatever it is: an {@link Error} (stack overflow, out of memory,
     * linkage) is that tower's failed probe like any exception. The tower's own code builds the
     * message, so building it may itself fail; the text is bounded.
     */
    static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        String message;
        try {
            message = cause.getMessage();
        } catch (RuntimeException | Error e) {
            message = "(message unavailable: " + e.getClass().getSimpleName() + ")";
        }
        String text = message == null ? name : name + ": " + message;
        return text.length() > MAX_FAILURE_TEXT ? text.substring(0, MAX_FAILURE_TEXT) + "…" : text;
    }

    /**
     * The delay before the next probe: the interval, grown by the backoff factor for every bad
     * probe in a row (capped at the backoff maximum), then varied by the jitter.
     *
     * @return the delay
     */
    public synchronized Duration nextDelay() {
        double base = instance.interval().toNanos();
        if (badInARow > 0) {
            double max = Math.max(instance.backoffMax().toNanos(), base);
            base = Math.min(max, base * Math.pow(instance.backoffFactor(), Math.min(badInARow, 60)));
        }
        double jitter = instance.jitter() == 0 ? 0 : (random.nextDouble() * 2 - 1) * instance.jitter();
        return Duration.ofNanos((long) (base * (1 + jitter)));
    }

    /** @return the delay before the first probe: a random part of the jitter, so towers spread out */
    public synchronized Duration firstDelay() {
        return Duration.ofNanos((long) (instance.interval().toNanos() * instance.jitter() * random.nextDouble()));
    }

    /** @return whether close was called */
    public boolean closed() {
        return closed;
    }

    /** Closes the tower (bounded by its timeout) and stops its thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Future<?> closing = thread.submit(() -> {
            instance.tower().close();
            return null;
        });
        thread.shutdown();
        try {
            closing.get(Math.max(1000, instance.timeout().toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("tower {} did not close within its timeout; abandoning its thread", instance.id());
        } catch (ExecutionException e) {
            LOG.warn("tower {} failed to close: {}", instance.id(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
