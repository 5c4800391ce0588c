package io.watchtower.runtime.api;

import io.watchtower.runtime.metrics.ProbeMetrics;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * What the read side keeps of each probe once it is judged: its count in the metrics (by the
 * tower's type) and a sample of every series for the status page's recent values. Made from the
 * series tracker before the probe scheduler, so judgement is handed it whole when it is built;
 * {@link DaemonExposure} shows what it kept.
 */
public final class JudgedProbes implements Consumer<ProbeResult> {

    private static final Logger LOG = LoggerFactory.getLogger(JudgedProbes.class);

    private final SeriesTracker tracker;
    private final ProbeMetrics metrics = new ProbeMetrics();
    private final BandHistory recent = new BandHistory();

    /** @param tracker the series tracker that judged the probes (it knows each tower's type and series) */
    public JudgedProbes(SeriesTracker tracker) {
        this.tracker = tracker;
    }

    /**
     * Counts a judged probe and samples its tower's series: their recent values change only when a probe
     * of their tower was judged, so the other towers' series are not looked at.
     */
    @Override
    public void accept(ProbeResult result) {
        String type = tracker.towerType(result.tower());
        metrics.probe(type == null ? "unknown" : type, result);
        try {
            recent.sample(result.tower(), tracker.lastVerdicts(result.tower()), tracker.towerIds());
        } catch (RuntimeException e) {
            LOG.warn("sampling series for the status page failed: {}", e.toString());
        }
    }

    /** @return the probe counts */
    public ProbeMetrics metrics() {
        return metrics;
    }

    /** @return the recent values of every series, for the status page */
    public BandHistory recent() {
        return recent;
    }
}
