package io.watchtower.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.watchtower.runtime.series.ProbeResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counts of judged probes: runs by tower type and outcome, their durations, and the
 * observations towers reported that were dropped. Made before the engine runs, so judgement can
 * count into it from its first probe; {@link DaemonMetrics} exposes it.
 */
public final class ProbeMetrics {

    final Counter probes = Counter.builder().name("watchtower_probes_total")
            .help("Probes run, by tower type and outcome (ok, failed, timeout, overrun)")
            .labelNames("tower_type", "outcome").withoutExemplars().build();
    final Histogram durations = Histogram.builder().name("watchtower_probe_duration_seconds")
            .help("How long probes took, by tower type").labelNames("tower_type")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).classicOnly()
            .withoutExemplars().build();
    final Counter dropped = Counter.builder().name("watchtower_observations_dropped_total")
            .help("Observations towers reported that were dropped, by tower type and reason (over_cap: past the"
                    + " cap per probe; late: after the probe ended; invalid: without a check)")
            .labelNames("tower_type", "reason").withoutExemplars().build();
    /** Dropped observations per tower id (over cap, late, invalid), for the tower's API view. */
    private final Map<String, long[]> droppedByTower = new ConcurrentHashMap<>();

    /**
     * Counts one probe.
     *
     * @param towerType the tower's type
     * @param result its result
     */
    public void probe(String towerType, ProbeResult result) {
        probes.labelValues(towerType, result.outcome().wireName()).inc();
        durations.labelValues(towerType).observe(result.durationNanos() / 1e9);
        ProbeResult.Drops drops = result.drops();
        if (drops.total() > 0) {
            countDrops(towerType, "over_cap", drops.overCap());
            countDrops(towerType, "late", drops.late());
            countDrops(towerType, "invalid", drops.invalid());
            long[] totals = droppedByTower.computeIfAbsent(result.tower(), t -> new long[3]);
            synchronized (totals) {
                totals[0] += drops.overCap();
                totals[1] += drops.late();
                totals[2] += drops.invalid();
            }
        }
    }

    private void countDrops(String towerType, String reason, long n) {
        if (n > 0) {
            dropped.labelValues(towerType, reason).inc(n);
        }
    }

    /**
     * @param towerId a tower id
     * @return the observations of that tower dropped since the daemon started
     */
    public ProbeResult.Drops droppedObservations(String towerId) {
        long[] totals = droppedByTower.get(towerId);
        if (totals == null) {
            return ProbeResult.Drops.NONE;
        }
        synchronized (totals) {
            return new ProbeResult.Drops(totals[0], totals[1], totals[2]);
        }
    }
}
