package io.watchtower.runtime.series;

import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.baseline.Cause;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.SeriesDetector;
import io.watchtower.baseline.SnapshotException;
import io.watchtower.baseline.Transition;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.Check;
import io.watchtower.spi.Observations;
import io.watchtower.spi.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Keeps one baseline, detector and hysteresis per series and turns probe results into signals.
 * The daemon, the test harness and {@code watchtower replay} all judge through this class.
 *
 * <p>Besides the declared checks, every target gets a reachability series (raising
 * {@code unreachable}) and every tower a probe-health series (raising {@code blind-spot}).
 *
 * <p>A series that misses {@value #STALE_AFTER_PROBES} completed probes of its tower in a row,
 * while the tower still reports other observations, is <em>stale</em>: its data is old. A stale
 * series that was firing stops firing with a {@link io.watchtower.runtime.signal.SignalState#STALE}
 * signal (it is not resolved: nobody knows its value); its next observation makes it fresh again
 * and judged as before, so a series still bad when its data returns fires anew.
 */
public final class SeriesTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesTracker.class);

    /**
     * Completed probes of a tower in a row without a series after which the series is stale
     * ({@link Observations#STALE_AFTER_PROBES}). Three: one missed probe is a check
     * skipped once (a query that found no row this time), three in a row while the tower's other
     * series arrive are data that stopped.
     */
    public static final int STALE_AFTER_PROBES = Observations.STALE_AFTER_PROBES;

    private final SignalComposer composer;
    private final Consumer<Signal> sink;
    private final Map<String, TowerRegistration> towers = new HashMap<>();
    /** Probes per tower that completed and reported observations, since start. */
    private final Map<String, Long> completedProbes = new HashMap<>();
    /** When each tower's first such probe since start ran, epoch ms. */
    private final Map<String, Long> firstProbeAt = new HashMap<>();
    private final NavigableMap<SeriesKey, TrackedSeries> series = new TreeMap<>();
    private final Map<SeriesKey, byte[]> pendingSnapshots = new HashMap<>();
    /** Recorded answers, in order, waiting for their series to be built (restored or first observed). */
    private final Map<SeriesKey, List<FeedbackRecord>> recordedAnswers = new HashMap<>();
    private final Map<String, Signal> journalState = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private DetectorSettings global;

    /**
     * @param composer builds signals
     * @param global the global baseline settings
     * @param sink receives every signal, in order (the journal)
     */
    public SeriesTracker(SignalComposer composer, DetectorSettings global, Consumer<Signal> sink) {
        this.composer = composer;
        this.global = global;
        this.sink = sink;
    }

    /**
     * Registers or re-registers a tower. Series whose detector settings are unchanged keep their
     * baselines; the others relearn.
     *
     * @param registration the tower
     */
    public synchronized void register(TowerRegistration registration) {
        String id = registration.info().id();
        towers.put(id, registration);
        // a series whose settings changed is rebuilt from its own snapshot with the new settings
        for (TrackedSeries s : List.copyOf(series.values())) {
            if (s.key.tower().equals(id) && !settingsFor(registration, s).equals(s.detector.settings())) {
                pendingSnapshots.put(s.key, s.detector.snapshot());
                series.remove(s.key);
            }
        }
        // restored baselines are visible (and judged from) at once, before their next observation
        for (SeriesKey key : List.copyOf(pendingSnapshots.keySet())) {
            if (!key.tower().equals(id) || series.containsKey(key)) {
                continue;
            }
            if (key.check().equals(SeriesKey.PROBE)) {
                series(registration, key, SeriesRole.PROBE, null, -1);
            } else if (key.check().equals(SeriesKey.REACHABLE)) {
                series(registration, key, SeriesRole.REACHABILITY, null, -1);
            } else if (registration.checks().containsKey(key.check())) {
                series(registration, key, SeriesRole.CHECK, registration.checks().get(key.check()), -1);
            }
        }
    }

    /**
     * @param towerId a tower id
     * @return the type of that registered tower, or null when none is registered under the id
     */
    public synchronized String towerType(String towerId) {
        TowerRegistration registration = towers.get(towerId);
        return registration == null ? null : registration.info().type();
    }

    /**
     * Forgets a tower and its series.
     *
     * @param towerId the tower id
     */
    public synchronized void unregister(String towerId) {
        towers.remove(towerId);
        completedProbes.remove(towerId);
        firstProbeAt.remove(towerId);
        series.keySet().removeIf(k -> k.tower().equals(towerId));
    }

    /**
     * Changes the global baseline settings (on reload).
     *
     * @param settings the new global settings
     */
    public synchronized void globalSettings(DetectorSettings settings) {
        this.global = settings;
        for (TowerRegistration r : List.copyOf(towers.values())) {
            register(r);
        }
    }

    /**
     * Restores baselines from snapshots; each series restores when it is first observed.
     *
     * @param snapshots detector snapshots by series
     */
    public synchronized void restore(Map<SeriesKey, byte[]> snapshots) {
        pendingSnapshots.putAll(snapshots);
    }

    /**
     * Takes the daemon's feedback record at start, so that an answer recorded but not yet in the
     * baseline snapshot (a crash between the two) is not lost. Each series, when it is built (restored
     * from its snapshot or first observed), applies in order the answers about it that its state does not
     * already reflect ({@link SeriesDetector#reflects}: an answer is never counted twice, however often
     * the daemon restarts). Answers that expired by {@code now} are not applied again.
     *
     * @param records the feedback record, oldest first
     * @param now epoch ms
     * @return how many answers were still in force and are taken
     */
    public synchronized int recover(List<FeedbackRecord> records, long now) {
        int taken = 0;
        for (FeedbackRecord r : records) {
            if (r.id() == null || r.feedback().expires() <= now) {
                continue;
            }
            recordedAnswers.computeIfAbsent(new SeriesKey(r.tower(), r.target(), r.check()), k -> new ArrayList<>())
                    .add(r);
            taken++;
        }
        for (TrackedSeries s : series.values()) {
            applyRecordedAnswers(s);
        }
        return taken;
    }

    /** Applies the recorded answers about {@code s} that its detector does not reflect yet, in their order. */
    private void applyRecordedAnswers(TrackedSeries s) {
        List<FeedbackRecord> answers = recordedAnswers.remove(s.key);
        if (answers == null) {
            return;
        }
        if (s.role != SeriesRole.CHECK) {
            LOG.warn("{} recorded answer(s) name series {}, which is not a check's; they are not applied",
                    answers.size(), s.key);
            return;
        }
        int applied = 0;
        for (FeedbackRecord r : answers) {
            io.watchtower.baseline.Feedback f = r.feedback();
            if (s.detector.reflects(r.id(), f.at())) {
                continue;
            }
            try {
                s.detector.pagedAt(f.pageAt());
                s.detector.feedback(f, r.id());
                applied++;
            } catch (IllegalArgumentException e) {
                LOG.warn("recorded answer {} cannot be applied to series {}: {}", r.id(), s.key, e.getMessage());
            }
        }
        if (applied > 0) {
            LOG.info("series {}: {} recorded answer(s) that its baseline snapshot did not reflect were applied",
                    s.key, applied);
        }
    }

    /**
     * Reconciles alert state with the journal, the record of what was already signalled: a series
     * firing there stays firing (no new signal, no new id), whatever the last snapshot said.
     *
     * @param journal the journal's signals in order; the last signal of every firing fingerprint is enough
     */
    public synchronized void reconcile(List<Signal> journal) {
        for (Signal s : journal) {
            journalState.put(s.fingerprint(), s);
        }
        for (TrackedSeries s : series.values()) {
            applyJournal(s);
        }
    }

    private void applyJournal(TrackedSeries s) {
        Signal last = journalState.get(composer.fingerprint(s.key));
        if (last != null && last.firing()) {
            long since = java.time.Instant.parse(last.since()).toEpochMilli();
            s.detector.restoreFiring(since, causeOf(last.kind()));
            s.firingKind = last.kind();
            s.firingSince = since;
        } else if (s.detector.firing()) {
            s.detector.restoreFiring(-1, Cause.NONE);
            s.firingKind = null;
            s.firingSince = -1;
        }
    }

    private static Cause causeOf(SignalKind kind) {
        switch (kind) {
            case THRESHOLD:
            case UNREACHABLE:
            case BLIND_SPOT:
                return Cause.THRESHOLD;
            case CHANGE:
                return Cause.CHANGE;
            default:
                return Cause.ANOMALY;
        }
    }

    /**
     * Judges one probe's result and emits the signals it causes.
     *
     * @param result the probe result
     * @return the signals emitted, in order
     */
    public synchronized List<Signal> accept(ProbeResult result) {
        TowerRegistration tower = towers.get(result.tower());
        if (tower == null) {
            return List.of();
        }
        List<Signal> signals = new ArrayList<>();
        long at = result.at();
        Map<String, String> probeContext = new LinkedHashMap<>();
        if (result.outcome() != ProbeResult.Outcome.OK) {
            probeContext.put("reason", result.outcome().wireName() + (result.failure() == null ? "" : ": " + result.failure()));
        }
        long monotonic = result.monotonicNanos();
        TrackedSeries probe = series(tower, new SeriesKey(result.tower(), "", SeriesKey.PROBE), SeriesRole.PROBE, null, at);
        judge(tower, probe, probe.detector.observe(at, result.outcome() == ProbeResult.Outcome.OK ? 0 : 1),
                probeContext, monotonic, signals);
        if (result.outcome() != ProbeResult.Outcome.OK) {
            return signals;
        }
        if (!result.observations().isEmpty()) {
            completedProbes.merge(result.tower(), 1L, Long::sum);
            firstProbeAt.putIfAbsent(result.tower(), at);
        }
        Map<String, Boolean> reachable = new LinkedHashMap<>();
        Map<String, String> reasons = new HashMap<>();
        for (Observation o : result.observations()) {
            if (o.type() == Observation.Type.UNREACHABLE) {
                reachable.merge(o.target(), false, Boolean::logicalAnd);
                reasons.putIfAbsent(o.target(), o.state());
            } else {
                reachable.putIfAbsent(o.target(), true);
            }
        }
        for (Map.Entry<String, Boolean> e : reachable.entrySet()) {
            String target = e.getKey();
            Map<String, String> context = new LinkedHashMap<>(result.context().getOrDefault(target, Map.of()));
            if (!e.getValue()) {
                context.put("reason", reasons.get(target));
            }
            TrackedSeries s = series(tower, new SeriesKey(result.tower(), target, SeriesKey.REACHABLE),
                    SeriesRole.REACHABILITY, null, at);
            judge(tower, s, s.detector.observe(at, e.getValue() ? 0 : 1), context, monotonic, signals);
        }
        for (Observation o : result.observations()) {
            if (o.type() != Observation.Type.UNREACHABLE) {
                judgeCheck(tower, at, o, result.context().getOrDefault(o.target(), Map.of()), monotonic, signals);
            }
        }
        if (!result.observations().isEmpty()) {
            markStale(tower, at, signals);
        }
        return signals;
    }

    /**
     * Marks the tower's series that missed {@value #STALE_AFTER_PROBES} completed probes in a row
     * stale; a firing one stops firing with a stale signal.
     */
    private void markStale(TowerRegistration tower, long at, List<Signal> signals) {
        String id = tower.info().id();
        long probes = completedProbes.getOrDefault(id, 0L);
        // this tower's series only, not the whole daemon's on every probe
        for (TrackedSeries s : ofTower(id).values()) {
            if (s.role == SeriesRole.PROBE) {
                continue;
            }
            long missed = probes - s.seenAtProbe;
            if (missed < STALE_AFTER_PROBES) {
                continue;
            }
            s.missedProbes = (int) Math.min(Integer.MAX_VALUE, missed);
            if (s.staleSince >= 0) {
                continue;
            }
            // a series restored from a snapshot and not seen since the start is older than the first probe
            s.staleSince = s.last != null ? s.last.at() : firstProbeAt.getOrDefault(tower.info().id(), at);
            LOG.info("series {} is stale: no observation for {} probes of tower {} in a row", s.key, missed,
                    tower.info().id());
            if (!s.detector.firing() || s.last == null) {
                continue;
            }
            long since = s.firingSince >= 0 ? s.firingSince : s.last.since() >= 0 ? s.last.since() : s.staleSince;
            SignalKind kind = s.firingKind == null ? SignalComposer.kindOf(s.role, Cause.NONE) : s.firingKind;
            Signal signal = composer.composeStale(transition(tower, s, s.last, false, kind, since, Map.of(), -1), at,
                    s.missedProbes);
            s.detector.restoreFiring(-1, Cause.NONE);
            s.firingKind = null;
            s.firingSince = -1;
            s.firingMonotonic = ProbeResult.NO_MONOTONIC;
            emit(s, signal, signals);
        }
    }

    /**
     * Judges one observation of a declared check, exactly as a probe's observations are judged
     * (used by {@code watchtower replay}, which has no probe around its rows).
     *
     * @param tower the tower id
     * @param at epoch milliseconds
     * @param observation the observation
     * @return the signals it caused
     */
    public synchronized List<Signal> acceptObservation(String tower, long at, Observation observation) {
        TowerRegistration registration = towers.get(tower);
        if (registration == null || observation.type() == Observation.Type.UNREACHABLE) {
            return List.of();
        }
        List<Signal> signals = new ArrayList<>(0);
        judgeCheck(registration, at, observation, Map.of(), ProbeResult.NO_MONOTONIC, signals);
        return signals;
    }

    private void judgeCheck(TowerRegistration tower, long at, Observation o, Map<String, String> context,
                            long monotonic, List<Signal> signals) {
        Check check = tower.checks().get(o.check());
        if (check == null || !o.type().fits(check.kind())) {
            warnOnce(tower.info().id() + "/" + o.check(), "tower " + tower.info().id() + " reported "
                    + (check == null ? "undeclared check " : "check of another kind ") + o.check() + "; ignored");
            return;
        }
        if ((o.type() == Observation.Type.GAUGE || o.type() == Observation.Type.COUNTER) && !Double.isFinite(o.value())) {
            warnOnce(tower.info().id() + "/" + o.check() + "/nan", "tower " + tower.info().id()
                    + " reported a non-finite value for " + o.check() + "; treated as a gap");
        }
        TrackedSeries s = series(tower, new SeriesKey(tower.info().id(), o.target(), o.check()), SeriesRole.CHECK, check, at);
        Verdict v;
        switch (o.type()) {
            case RATIO:
                v = s.detector.observeRatio(at, o.failures(), o.attempts());
                break;
            case RATIO_TOTALS:
                v = judgeRatioTotals(tower, s, at, o);
                break;
            case COUNTER:
                if (!check.nonNegative()) {
                    // a signed counter is a level that rises and falls: a drop is a negative rate
                    v = s.detector.observeLevelChange(at, o.value());
                    break;
                }
                if (o.value() < 0) {
                    warnOnce(tower.info().id() + "/" + o.check() + "/negative", "tower " + tower.info().id()
                            + " reported a negative total for counter " + o.check() + "; treated as a gap");
                }
                v = s.detector.observeCounter(at, o.value() < 0 ? Double.NaN : o.value());
                break;
            case STATE:
                v = s.detector.observeState(at, o.state());
                break;
            default:
                v = s.detector.observe(at, o.value());
                break;
        }
        judge(tower, s, v, context, monotonic, signals);
    }

    /**
     * The failures out of the attempts made since the previous totals. The first totals of a
     * series, totals that went down (a reset) and totals that make no sense are gaps.
     */
    private Verdict judgeRatioTotals(TowerRegistration tower, TrackedSeries s, long at, Observation o) {
        long failures = o.failures();
        long attempts = o.attempts();
        if (failures < 0 || attempts < 0 || failures > attempts) {
            warnOnce(tower.info().id() + "/" + o.check() + "/totals", "tower " + tower.info().id()
                    + " reported totals of " + failures + " failures out of " + attempts + " attempts for "
                    + o.check() + "; treated as a gap");
            s.resetTotals();
            return s.detector.observeRatio(at, 0, 0);
        }
        long[] delta = s.totalsSince(failures, attempts);
        return delta == null ? s.detector.observeRatio(at, 0, 0) : s.detector.observeRatio(at, delta[0], delta[1]);
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            LOG.warn(message);
        }
    }

    /**
     * @param monotonic the probe's monotonic reading, or {@link ProbeResult#NO_MONOTONIC}: a
     *                  resolution says how long the series fired by it, not by the wall clock
     */
    private void judge(TowerRegistration tower, TrackedSeries s, Verdict v, Map<String, String> context,
                       long monotonic, List<Signal> signals) {
        s.last = v;
        s.remember(v.at(), v.value(), v.state());
        s.seenAtProbe = completedProbes.getOrDefault(tower.info().id(), 0L);
        if (s.staleSince >= 0) {
            LOG.info("series {} is fresh again after {} probes without it", s.key, s.missedProbes);
            s.staleSince = -1;
            s.missedProbes = 0;
        }
        if (v.transition() == Transition.NONE) {
            return;
        }
        boolean firing = v.transition() == Transition.FIRED;
        SignalKind kind;
        long since;
        long firedFor = -1;
        if (firing) {
            kind = SignalComposer.kindOf(s.role, v.firingCause());
            since = v.since();
            s.firingKind = kind;
            s.firingSince = since;
            // the firing began with the first bad observation of the window, a few probes back
            s.firingMonotonic = monotonic == ProbeResult.NO_MONOTONIC ? ProbeResult.NO_MONOTONIC
                    : monotonic - Math.max(0, v.at() - since) * 1_000_000L;
            s.fired(v.at());
        } else {
            kind = s.firingKind == null ? SignalComposer.kindOf(s.role, Cause.NONE) : s.firingKind;
            since = s.firingSince >= 0 ? s.firingSince : v.at();
            if (monotonic != ProbeResult.NO_MONOTONIC && s.firingMonotonic != ProbeResult.NO_MONOTONIC) {
                firedFor = Math.max(0, (monotonic - s.firingMonotonic) / 1_000_000L);
            }
            s.firingKind = null;
            s.firingSince = -1;
            s.firingMonotonic = ProbeResult.NO_MONOTONIC;
        }
        Signal signal = composer.compose(transition(tower, s, v, firing, kind, since, context, firedFor),
                v.flapping() ? s.flap() : null);
        emit(s, signal, signals);
    }

    private SignalComposer.Transition transition(TowerRegistration tower, TrackedSeries s, Verdict v, boolean firing,
                                                 SignalKind kind, long since, Map<String, String> context, long firedFor) {
        Severity severity = s.role == SeriesRole.REACHABILITY ? Severity.HIGH
                : s.role == SeriesRole.PROBE ? Severity.MEDIUM : tower.severity(s.check);
        String runbook = s.role == SeriesRole.CHECK ? tower.runbook(s.check) : tower.info().runbook();
        return new SignalComposer.Transition(tower.info(), s.key, s.role, s.check, severity,
                v, firing, kind, since, s.recent(), Map.copyOf(context), related(s), runbook,
                s.role == SeriesRole.CHECK ? s.detector.method() : "k-of-n", s.detector.settings().guardrailAbove(),
                s.detector.settings().guardrailBelow(), firedFor);
    }

    private void emit(TrackedSeries s, Signal signal, List<Signal> signals) {
        journalState.put(signal.fingerprint(), signal);
        sink.accept(signal);
        signals.add(signal);
        org.slf4j.MDC.put("tower", s.key.tower());
        org.slf4j.MDC.put("series", s.key.id());
        org.slf4j.MDC.put("signal_id", signal.id());
        try {
            LOG.info("{} {} {}: {}", signal.state().wireName(), signal.severity().wireName(), signal.kind().wireName(),
                    signal.summary());
        } finally {
            org.slf4j.MDC.remove("tower");
            org.slf4j.MDC.remove("series");
            org.slf4j.MDC.remove("signal_id");
        }
    }

    private List<Signal.Related> related(TrackedSeries self) {
        List<Signal.Related> related = new ArrayList<>();
        for (TrackedSeries s : series.values()) {
            if (s == self || !s.component.equals(self.component) || s.last == null) {
                continue;
            }
            if (s.last.bad() || s.detector.firing()) {
                related.add(new Signal.Related(s.key.check(), s.key.target(),
                        Double.isFinite(s.last.value()) ? s.last.value() : null,
                        Double.isFinite(s.last.expected()) ? s.last.expected() : null, s.last.score()));
            }
        }
        return related;
    }

    private TrackedSeries series(TowerRegistration tower, SeriesKey key, SeriesRole role, Check check, long at) {
        TrackedSeries s = series.get(key);
        if (s != null) {
            return s;
        }
        DetectorSettings settings = role == SeriesRole.CHECK
                ? SeriesSettings.forCheck(global, check, tower.towerBaseline(), tower.checkBaseline(check.name()))
                : SeriesSettings.forHealth(global, tower.towerBaseline());
        SeriesDetector detector = new SeriesDetector(settings);
        byte[] snapshot = pendingSnapshots.remove(key);
        if (snapshot != null) {
            try {
                detector = SeriesDetector.restore(settings, snapshot);
            } catch (SnapshotException e) {
                LOG.warn("baseline snapshot of series {} cannot be restored ({}); the series relearns", key, e.getMessage());
            }
        }
        s = new TrackedSeries(key, role, check, tower.info().component(), detector, at,
                completedProbes.getOrDefault(key.tower(), 0L));
        applyRecordedAnswers(s);
        applyJournal(s);
        series.put(key, s);
        return s;
    }

    private DetectorSettings settingsFor(TowerRegistration tower, TrackedSeries s) {
        return s.role == SeriesRole.CHECK
                ? SeriesSettings.forCheck(global, s.check, tower.towerBaseline(), tower.checkBaseline(s.check.name()))
                : SeriesSettings.forHealth(global, tower.towerBaseline());
    }

    /** @return every series' detector state, for a snapshot (including series not yet re-observed) */
    public synchronized Map<SeriesKey, byte[]> snapshot() {
        Map<SeriesKey, byte[]> all = new TreeMap<>(pendingSnapshots);
        for (TrackedSeries s : series.values()) {
            all.put(s.key, s.detector.snapshot());
        }
        return all;
    }

    /**
     * Applies an answer to one of a check series' pages (see {@link SeriesDetector#feedback}).
     *
     * @param key the series
     * @param feedback the answer
     * @return the adjustment it made or strengthened
     * @throws java.util.NoSuchElementException when this daemon has no such series
     * @throws IllegalArgumentException when the series is not a check's or not numeric
     */
    public synchronized io.watchtower.baseline.Adjustment feedback(SeriesKey key, io.watchtower.baseline.Feedback feedback) {
        return answerable(key).detector.feedback(feedback);
    }

    /**
     * What an answer would make of a check series, without changing it: the daemon records an answer
     * before it applies it, and the record says what it changed.
     *
     * @param key the series
     * @param feedback the answer
     * @return the adjustment it would make or strengthen
     * @throws java.util.NoSuchElementException when this daemon has no such series
     * @throws IllegalArgumentException when the series is not a check's or not numeric
     */
    public synchronized io.watchtower.baseline.Adjustment previewFeedback(SeriesKey key,
                                                                          io.watchtower.baseline.Feedback feedback) {
        return answerable(key).detector.previewFeedback(feedback);
    }

    /**
     * Applies an answer just recorded: its id is kept in the series' state (and snapshot), so the same
     * record found again at a start is not applied a second time. When the series is gone (a reload
     * between recording and applying), the answer waits for it like one found at start.
     *
     * @param record the answer as recorded
     * @return the adjustment it made or strengthened, or null when it waits for its series
     * @throws IllegalArgumentException when the series is not a check's or not numeric
     */
    public synchronized io.watchtower.baseline.Adjustment feedback(FeedbackRecord record) {
        SeriesKey key = new SeriesKey(record.tower(), record.target(), record.check());
        TrackedSeries s = series.get(key);
        if (s == null) {
            recordedAnswers.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            return null;
        }
        return answerable(key).detector.feedback(record.feedback(), record.id());
    }

    private TrackedSeries answerable(SeriesKey key) {
        TrackedSeries s = series.get(key);
        if (s == null) {
            throw new java.util.NoSuchElementException("no series " + key.id() + " on this daemon");
        }
        if (s.role != SeriesRole.CHECK) {
            throw new IllegalArgumentException("feedback tunes a check's series; " + key.id() + " is the "
                    + (s.role == SeriesRole.PROBE ? "tower's probe health" : "target's reachability"));
        }
        return s;
    }

    /** @return the time adjustments are shown for: the series' last observation (its own time, virtual in a replay) */
    private static long adjustmentsAt(TrackedSeries s) {
        return s.last != null ? s.last.at() : s.learnedSince;
    }

    /**
     * @param key a series
     * @return its last verdict, or null when it has none yet
     */
    public synchronized Verdict last(SeriesKey key) {
        TrackedSeries s = series.get(key);
        return s == null ? null : s.last;
    }

    /**
     * @return when the series started learning: its detector's first observation, which a restored series keeps
     *         from before the restart, or -1 for a series restored without any
     */
    private static long learnedSince(TrackedSeries s) {
        long first = s.detector.firstObservedAt();
        if (s.learnedSince < 0) {
            return first;
        }
        return first >= 0 ? Math.min(first, s.learnedSince) : s.learnedSince;
    }

    /** @return a look at every series (restored ones included), ordered by key */
    public synchronized List<SeriesView> views() {
        List<SeriesView> views = new ArrayList<>();
        for (TrackedSeries s : series.values()) {
            String unit = s.role == SeriesRole.CHECK ? s.check.unit().wireName() : "ratio";
            views.add(new SeriesView(s.key, s.role, s.component, unit, s.detector.confidence(), s.detector.samples(),
                    s.last, s.detector.firing(), s.firingKind, learnedSince(s),
                    s.detector.firing() ? (s.firingSince >= 0 ? s.firingSince : s.last == null ? -1 : s.last.since()) : -1,
                    s.staleSince, s.missedProbes,
                    s.role == SeriesRole.CHECK ? s.detector.adjustments(adjustmentsAt(s)) : List.of()));
        }
        return views;
    }

    /**
     * The last verdict of each series of one tower: what a probe of that tower can have changed, without
     * a look at every other series of the daemon.
     *
     * @param towerId a tower id
     * @return the tower's series (restored ones included) ordered by key, each with its last verdict, or
     *         null for a series without one yet
     */
    public synchronized Map<SeriesKey, Verdict> lastVerdicts(String towerId) {
        Map<SeriesKey, Verdict> verdicts = new LinkedHashMap<>();
        for (TrackedSeries s : ofTower(towerId).values()) {
            verdicts.put(s.key, s.last);
        }
        return verdicts;
    }

    /** @return the ids of the towers registered now */
    public synchronized Set<String> towerIds() {
        return Set.copyOf(towers.keySet());
    }

    /** Keys sort by tower first: one tower's series are one range of the map. */
    private NavigableMap<SeriesKey, TrackedSeries> ofTower(String towerId) {
        return series.subMap(new SeriesKey(towerId, "", ""), true, new SeriesKey(towerId + "\0", "", ""), false);
    }
}
