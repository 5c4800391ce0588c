package io.watchtower.corpus.record;

import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.testkit.TowerHarness;

import java.util.List;

/**
 * Probes a real tower once per interval of wall-clock time for a number of probes, switching a fault
 * on and off on a schedule (fractions of the run), and records the chosen checks after every probe.
 */
final class ProbeLoop {

    /** Switches the fault. */
    interface Fault {
        void set(boolean on) throws Exception;
    }

    private final TowerHarness harness;
    private final long intervalMillis;
    private final double[][] schedule;
    private final Fault fault;
    private final List<Recording> recordings;

    /**
     * @param harness the tower, against real servers
     * @param intervalMillis wall-clock time between probes
     * @param schedule fault windows as {@code {from, to}} fractions of the run, in order
     * @param fault switches the fault
     * @param recordings the checks to record
     */
    ProbeLoop(TowerHarness harness, long intervalMillis, double[][] schedule, Fault fault, List<Recording> recordings) {
        this.harness = harness;
        this.intervalMillis = intervalMillis;
        this.schedule = schedule;
        this.fault = fault;
        this.recordings = recordings;
    }

    void run(int probes) throws Exception {
        long start = System.currentTimeMillis();
        boolean on = false;
        try {
            for (int i = 0; i < probes; i++) {
                boolean wanted = inWindow(i / (double) probes);
                if (wanted != on) {
                    fault.set(wanted);
                    on = wanted;
                }
                long due = start + i * intervalMillis;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long at = System.currentTimeMillis();
                harness.probe();
                ProbeResult r = harness.lastResult();
                for (Recording rec : recordings) {
                    rec.add(at, value(r, rec.target, rec.check), on);
                }
            }
        } finally {
            if (on) {
                fault.set(false);
            }
        }
    }

    private boolean inWindow(double position) {
        for (double[] w : schedule) {
            if (position >= w[0] && position < w[1]) {
                return true;
            }
        }
        return false;
    }

    /** @return the check's value for the target in this probe: a gauge's value, a ratio's failures ÷ attempts; NaN when absent */
    static double value(ProbeResult r, String target, String check) {
        for (Observation o : r.observations()) {
            if (o.target().equals(target) && o.check().equals(check)) {
                return switch (o.type()) {
                    case GAUGE -> o.value();
                    case RATIO -> o.attempts() > 0 ? o.failures() / (double) o.attempts() : Double.NaN;
                    default -> Double.NaN;
                };
            }
        }
        return Double.NaN;
    }
}
