package io.watchtower.runtime.probe;

import io.watchtower.runtime.series.Observation;
import io.watchtower.spi.Observations;
import io.watchtower.spi.ProbeDeadline;
import io.watchtower.spi.TargetObservations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what one probe reports. Sealed when the probe ends or times out: anything a hung tower
 * reports afterwards is dropped. Bounded, so a runaway tower cannot exhaust memory. Every dropped
 * observation is counted, by reason, for the tower's log, metrics and API view.
 */
final class ObservationRecorder implements Observations {

    static final int MAX_OBSERVATIONS = 10_000;
    static final int MAX_TEXT = 4096;

    private final List<Observation> observations = new ArrayList<>();
    private final Map<String, Map<String, String>> context = new LinkedHashMap<>();
    private final Map<String, TargetView> views = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong late;
    private final ProbeDeadline deadline;
    private boolean sealed;
    private long overCap;
    private long invalid;

    /**
     * A recorder whose late drops are not counted anywhere (scripted probes).
     *
     * @param deadline the deadline the report sees
     */
    ObservationRecorder(ProbeDeadline deadline) {
        this(new java.util.concurrent.atomic.AtomicLong(), deadline);
    }

    /**
     * @param late counts observations reported after {@link #seal()}; shared by a tower's
     *        recorders, since a hung tower reports into a probe that has already ended
     * @param deadline when the core stops waiting for this probe
     */
    ObservationRecorder(java.util.concurrent.atomic.AtomicLong late, ProbeDeadline deadline) {
        this.late = late;
        this.deadline = deadline;
    }

    @Override
    public ProbeDeadline deadline() {
        return deadline;
    }

    @Override
    public synchronized TargetObservations target(String target) {
        String name = target == null ? "" : truncate(target);
        return views.computeIfAbsent(name, TargetView::new);
    }

    synchronized void seal() {
        sealed = true;
    }

    synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    synchronized Map<String, Map<String, String>> context() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        context.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return copy;
    }

    /** @return observations dropped while the probe ran: over the cap, and without a check */
    synchronized long droppedOverCap() {
        return overCap;
    }

    synchronized long droppedInvalid() {
        return invalid;
    }

    private synchronized void add(Observation o) {
        if (sealed) {
            late.incrementAndGet();
        } else if (o.check() == null) {
            invalid++;
        } else if (observations.size() >= MAX_OBSERVATIONS) {
            overCap++;
        } else {
            observations.add(o);
        }
    }

    private synchronized void addContext(String target, String key, String value) {
        if (sealed || key == null) {
            return;
        }
        Map<String, String> map = context.computeIfAbsent(target, t -> new LinkedHashMap<>());
        if (map.size() < 64) {
            map.put(truncate(key), truncate(String.valueOf(value)));
        }
    }

    private static String truncate(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }

    private final class TargetView implements TargetObservations {
        private final String target;

        TargetView(String target) {
            this.target = target;
        }

        @Override
        public TargetObservations gauge(String check, double value) {
            add(new Observation(target, check, Observation.Type.GAUGE, value, 0, 0, null));
            return this;
        }

        @Override
        public TargetObservations ratio(String check, long failures, long attempts) {
            add(new Observation(target, check, Observation.Type.RATIO, Double.NaN, failures, attempts, null));
            return this;
        }

        @Override
        public TargetObservations counter(String check, double total) {
            add(new Observation(target, check, Observation.Type.COUNTER, total, 0, 0, null));
            return this;
        }

        @Override
        public TargetObservations ratioTotals(String check, long failuresTotal, long attemptsTotal) {
            add(new Observation(target, check, Observation.Type.RATIO_TOTALS, Double.NaN, failuresTotal, attemptsTotal,
                    null));
            return this;
        }

        @Override
        public TargetObservations state(String check, String state) {
            add(new Observation(target, check, Observation.Type.STATE, Double.NaN, 0, 0,
                    state == null ? null : truncate(state)));
            return this;
        }

        @Override
        public TargetObservations context(String key, String value) {
            addContext(target, key, value);
            return this;
        }

        @Override
        public TargetObservations unreachable(String reason) {
            add(new Observation(target, "", Observation.Type.UNREACHABLE, Double.NaN, 0, 0,
                    reason == null ? "unreachable" : truncate(reason)));
            return this;
        }
    }
}
