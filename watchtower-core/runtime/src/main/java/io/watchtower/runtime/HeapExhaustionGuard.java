package io.watchtower.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Ends the process when its heap is really exhausted — and only then. The old generation must be
 * at least {@link #FULL_FRACTION} of its maximum <em>after</em> each of {@link #COLLECTIONS}
 * consecutive collections of the old generation, spanning at least {@link #SPAN}: a heap that
 * garbage collection can no longer free. The process then logs one line and exits with
 * {@link #EXIT_CODE}, so the service manager restarts it.
 *
 * <p>One allocation that cannot be satisfied (a peer announcing a 2 GiB reply) is not exhaustion:
 * it throws {@link OutOfMemoryError} in the thread that asked, which is that tower's failed probe,
 * and the collection it caused leaves the heap as empty as before. This replaces
 * {@code -XX:+ExitOnOutOfMemoryError}, which ended the process on any such allocation.
 *
 * <p>The exit is a halt, as the JVM flag's was: shutdown hooks could stall on a full heap, and
 * every signal is journaled before it counts, so nothing written is lost.
 */
public final class HeapExhaustionGuard implements AutoCloseable {

    /** The exit code of a process whose heap stayed full (EX_OSERR). */
    public static final int EXIT_CODE = 71;
    /** The old generation's occupancy after a collection, as a fraction of its maximum, that counts as full. */
    public static final double FULL_FRACTION = 0.98;
    /** How many consecutive collections of the old generation must leave it full. */
    public static final int COLLECTIONS = 5;
    /** How long, at least, from the first of those collections to the last. */
    public static final Duration SPAN = Duration.ofSeconds(10);
    /** The start of the line logged before the exit. */
    public static final String LOG_LINE = "heap exhausted";

    private static final Logger LOG = LoggerFactory.getLogger(HeapExhaustionGuard.class);
    private static final String FALLBACK = LOG_LINE + ": the heap stays full after garbage collection; exiting with "
            + EXIT_CODE + " so the service manager restarts the process";

    private final Streak streak = new Streak(FULL_FRACTION, COLLECTIONS, SPAN);
    private final String pool;
    private final IntConsumer exit;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private volatile boolean fired;

    private HeapExhaustionGuard(String pool, IntConsumer exit) {
        this.pool = pool;
        this.exit = exit;
    }

    /**
     * Watches this JVM's collections and halts it with {@link #EXIT_CODE} when its heap stays full.
     *
     * @return the guard, or empty (with a warning) when this JVM has no recognisable old generation
     */
    public static Optional<HeapExhaustionGuard> install() {
        return install(code -> Runtime.getRuntime().halt(code));
    }

    /**
     * @param exit what ends the process, given {@link #EXIT_CODE}
     * @return the guard, or empty (with a warning) when this JVM has no recognisable old generation
     */
    static Optional<HeapExhaustionGuard> install(IntConsumer exit) {
        Optional<String> old = oldGeneration(ManagementFactory.getMemoryPoolMXBeans());
        if (old.isEmpty()) {
            LOG.warn("no old-generation memory pool found: a heap that stays full will not end the process");
            return Optional.empty();
        }
        HeapExhaustionGuard guard = new HeapExhaustionGuard(old.get(), exit);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter
                    && Arrays.asList(collector.getMemoryPoolNames()).contains(old.get())) {
                NotificationEmitter emitter = (NotificationEmitter) collector;
                emitter.addNotificationListener(guard.listener, null, null);
                guard.emitters.add(emitter);
            }
        }
        return Optional.of(guard);
    }

    /** @return the heap pool holding long-lived objects: the old or tenured generation, or the only heap pool */
    static Optional<String> oldGeneration(List<MemoryPoolMXBean> pools) {
        List<String> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP) {
                String name = p.getName();
                if (name.contains("Old") || name.contains("Tenured")) {
                    return Optional.of(name);
                }
                heap.add(name);
            }
        }
        return heap.size() == 1 ? Optional.of(heap.get(0)) : Optional.empty();
    }

    /** @return the memory pool this guard judges */
    public String pool() {
        return pool;
    }

    private void collected(Notification notification, Object handback) {
        if (fired || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        MemoryUsage after = gc.getMemoryUsageAfterGc().get(pool);
        if (after == null) {
            return;
        }
        long max = after.getMax() > 0 ? after.getMax() : after.getCommitted();
        if (streak.record(after.getUsed(), max, gc.getEndTime())) {
            fired = true;
            try {
                LOG.error("{}: the {} stayed at or above {} % of its {} MiB after {} consecutive garbage collections "
                                + "over {} s (last {} %); exiting with {} so the service manager restarts the process",
                        LOG_LINE, pool, Math.round(FULL_FRACTION * 100), max >> 20, streak.count(),
                        String.format(Locale.ROOT, "%.1f", streak.spanMillis() / 1000.0),
                        String.format(Locale.ROOT, "%.1f", 100.0 * after.getUsed() / max), EXIT_CODE);
            } catch (Throwable e) {
                System.err.println(FALLBACK);
            }
            exit.accept(EXIT_CODE);
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        emitters.clear();
    }

    /** Consecutive collections that left the pool full; the decision, without the JVM. */
    static final class Streak {
        private final double fraction;
        private final int collections;
        private final long spanMillis;
        private int count;
        private long firstMillis;
        private long lastMillis;

        Streak(double fraction, int collections, Duration span) {
            this.fraction = fraction;
            this.collections = collections;
            this.spanMillis = span.toMillis();
        }

        /**
         * @param used bytes in use after a collection of the pool
         * @param max the pool's maximum in bytes
         * @param atMillis when the collection ended, in milliseconds on any monotonic scale
         * @return whether the heap is exhausted: enough full collections in a row over long enough
         */
        synchronized boolean record(long used, long max, long atMillis) {
            if (max <= 0 || used < fraction * max) {
                count = 0;
                return false;
            }
            if (count == 0) {
                firstMillis = atMillis;
            }
            count++;
            lastMillis = atMillis;
            return count >= collections && lastMillis - firstMillis >= spanMillis;
        }

        synchronized int count() {
            return count;
        }

        synchronized long spanMillis() {
            return lastMillis - firstMillis;
        }
    }
}
