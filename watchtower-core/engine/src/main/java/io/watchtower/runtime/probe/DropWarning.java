package io.watchtower.runtime.probe;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;

import java.time.Duration;

/**
 * Warns that a tower's observations were dropped: at the first probe that drops any, then at most
 * once per {@link #EVERY}, with everything dropped since the last warning, so a tower that always
 * overflows is named once a minute, not once a probe.
 */
final class DropWarning {

    /** The least time between two warnings for one tower. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private final String tower;
    private final TowerClock clock;
    private final Logger log;
    private long overCap;
    private long late;
    private long invalid;
    private long probes;
    private long lastWarnedNanos;
    private boolean warned;

    DropWarning(String tower, TowerClock clock, Logger log) {
        this.tower = tower;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Counts one probe's drops and warns when due.
     *
     * @param drops what the probe dropped
     * @return whether a warning was logged
     */
    synchronized boolean probed(ProbeResult.Drops drops) {
        if (drops.total() == 0 && overCap + late + invalid == 0) {
            return false;
        }
        overCap += drops.overCap();
        late += drops.late();
        invalid += drops.invalid();
        probes++;
        long now = clock.nanoTime();
        if (warned && now - lastWarnedNanos < EVERY.toNanos()) {
            return false;
        }
        log.warn("tower {} dropped {} observations in {} probe(s): {} over the cap of {} per probe, {} reported after"
                        + " the probe ended, {} without a check",
                tower, overCap + late + invalid, probes, overCap, ObservationRecorder.MAX_OBSERVATIONS, late, invalid);
        warned = true;
        lastWarnedNanos = now;
        overCap = 0;
        late = 0;
        invalid = 0;
        probes = 0;
        return true;
    }
}
