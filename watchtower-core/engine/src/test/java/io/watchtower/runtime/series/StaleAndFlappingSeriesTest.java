package io.watchtower.runtime.series;

import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Series whose observations stop while their tower still probes go stale, and series that fire
 * and resolve repeatedly say how they flap — judged by the production tracker in virtual time
 * (a probe every 10 s, hours in milliseconds).
 */
class StaleAndFlappingSeriesTest {

    private static final long T0 = 1_767_571_200_000L; // 2026-01-05T00:00Z
    private static final long INTERVAL = 10_000;
    private static final TowerInfo TOWER = new TowerInfo("pg-replica", "postgres", "orders-db", "", Map.of());
    private static final String TARGET = "replica-1";

    private final List<Signal> signals = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private long at = T0;

    private SeriesTracker tracker() {
        return tracker(Map.of());
    }

    /** A tracker restored from {@code snapshot} (as after a restart), the tower registered. */
    private SeriesTracker tracker(Map<SeriesKey, byte[]> snapshot) {
        SeriesTracker tracker = new SeriesTracker(new SignalComposer("db-host", "0.1.0"),
                DetectorSettings.defaults().seasonal(false), s -> {
                    TestSignals.assertValid(s);
                    signals.add(s);
                });
        tracker.restore(snapshot);
        tracker.register(TowerRegistration.of(TOWER, List.of(
                Check.gauge("replay_lag_seconds").unit(Unit.SECONDS).minimumDelta(1),
                Check.gauge("connections").unit(Unit.COUNT).minimumDelta(5))));
        return tracker;
    }

    /** One completed probe: connections always, the lag when {@code lag} is finite. */
    private List<Signal> probe(SeriesTracker tracker, double lag) {
        at += INTERVAL;
        List<Observation> observations = new ArrayList<>();
        observations.add(new Observation(TARGET, "connections", Observation.Type.GAUGE, 40 + random.nextInt(5), 0, 0, null));
        if (Double.isFinite(lag)) {
            observations.add(new Observation(TARGET, "replay_lag_seconds", Observation.Type.GAUGE, lag, 0, 0, null));
        }
        return tracker.accept(new ProbeResult(TOWER.id(), at, ProbeResult.Outcome.OK, null, observations, Map.of(), 0));
    }

    private SeriesView view(SeriesTracker tracker, String check) {
        return tracker.views().stream().filter(v -> v.key().check().equals(check)).findFirst().orElseThrow();
    }

    private Signal fireLag(SeriesTracker tracker) {
        for (int i = 0; i < 300; i++) {
            probe(tracker, 0.2 + random.nextDouble() * 0.3);
        }
        assertThat(signals).as("a quiet learning period").isEmpty();
        for (int i = 0; i < 10 && signals.isEmpty(); i++) {
            probe(tracker, 120);
        }
        assertThat(signals).as("the lag fires").hasSize(1);
        Signal firing = signals.get(0);
        assertThat(firing.state()).isEqualTo(SignalState.FIRING);
        assertThat(firing.check()).isEqualTo("replay_lag_seconds");
        return firing;
    }

    @Test
    void aFiringSeriesWhoseObservationsStopEndsAsStaleAfterThreeProbesAndFiresAnewWhenTheyReturnBad() {
        SeriesTracker tracker = tracker();
        Signal firing = fireLag(tracker);
        long lastSeen = at;

        for (int missed = 1; missed < SeriesTracker.STALE_AFTER_PROBES; missed++) {
            assertThat(probe(tracker, Double.NaN)).as("missed %d probe(s): not stale yet", missed).isEmpty();
            assertThat(view(tracker, "replay_lag_seconds").stale()).isFalse();
            assertThat(view(tracker, "replay_lag_seconds").firing()).isTrue();
        }
        List<Signal> stale = probe(tracker, Double.NaN);
        assertThat(stale).hasSize(1);
        Signal s = stale.get(0);
        assertThat(s.state()).isEqualTo(SignalState.STALE);
        assertThat(SignalJson.write(s)).as("its wire name").contains("\"state\":\"stale\"");
        assertThat(s.wentStale()).isTrue();
        assertThat(s.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(s.since()).as("the firing it ends").isEqualTo(firing.since());
        assertThat(s.at()).isEqualTo(SignalComposer.iso(at));
        assertThat(s.stale().since()).as("the data is as old as its last observation").isEqualTo(SignalComposer.iso(lastSeen));
        assertThat(s.stale().missedProbes()).isEqualTo(SeriesTracker.STALE_AFTER_PROBES);
        assertThat(s.summary()).contains("Replay lag seconds of replica-1 (orders-db) is stale",
                "no observation for 3 probes in a row while tower pg-replica still probes", "last seen",
                "at 120 s", "ends without data");
        assertThat(s.observed()).as("the last value seen, not a new one").isEqualTo(120.0);

        SeriesView view = view(tracker, "replay_lag_seconds");
        assertThat(view.stale()).isTrue();
        assertThat(view.firing()).as("no longer firing on old data").isFalse();
        assertThat(view.staleSince()).isEqualTo(lastSeen);
        assertThat(view(tracker, "connections").stale()).as("the tower's other series arrive").isFalse();

        for (int i = 0; i < 50; i++) {
            assertThat(probe(tracker, Double.NaN)).as("stale once, not again on every probe").isEmpty();
        }
        assertThat(view(tracker, "replay_lag_seconds").missedProbes()).isEqualTo(53);

        List<Signal> back = new ArrayList<>();
        for (int i = 0; i < 10 && back.isEmpty(); i++) {
            back.addAll(probe(tracker, 120));
            assertThat(view(tracker, "replay_lag_seconds").stale()).as("fresh from its first observation").isFalse();
        }
        assertThat(back).as("still bad when data returns: a new firing").hasSize(1);
        assertThat(back.get(0).state()).isEqualTo(SignalState.FIRING);
        assertThat(back.get(0).id()).isNotEqualTo(firing.id());
    }

    @Test
    void aQuietSeriesGoesStaleWithoutASignalAndIsFreshAgainWhenObservationsReturn() {
        SeriesTracker tracker = tracker();
        for (int i = 0; i < 100; i++) {
            probe(tracker, 0.3);
        }
        for (int i = 0; i < 5; i++) {
            probe(tracker, Double.NaN);
        }
        assertThat(signals).as("nothing fired, so nothing ends: no page for a quiet series").isEmpty();
        assertThat(view(tracker, "replay_lag_seconds").stale()).isTrue();
        probe(tracker, 0.3);
        assertThat(view(tracker, "replay_lag_seconds").stale()).isFalse();
        assertThat(signals).isEmpty();
    }

    @Test
    void aSeriesRestoredAfterARestartThatNeverArrivesAgainIsStaleFromWhenItWasRestored() {
        SeriesTracker before = tracker();
        for (int i = 0; i < 50; i++) {
            probe(before, 0.3);
        }
        SeriesTracker after = tracker(before.snapshot());
        long restarted = at;
        assertThat(view(after, "replay_lag_seconds").last()).as("restored, not yet observed").isNull();
        assertThat(view(after, "replay_lag_seconds").learnedSince())
                .as("learning since its first observation before the restart").isEqualTo(T0 + INTERVAL);
        for (int i = 0; i < SeriesTracker.STALE_AFTER_PROBES; i++) {
            probe(after, Double.NaN);
        }
        SeriesView view = view(after, "replay_lag_seconds");
        assertThat(view.stale()).isTrue();
        assertThat(view.staleSince()).as("no newer than the first probe after the restart").isEqualTo(restarted + INTERVAL);
        assertThat(signals).isEmpty();
    }

    @Test
    void failedProbesAreABlindSpotNotStaleness() {
        SeriesTracker tracker = tracker();
        fireLag(tracker);
        signals.clear();
        for (int i = 0; i < 10; i++) {
            at += INTERVAL;
            tracker.accept(new ProbeResult(TOWER.id(), at, ProbeResult.Outcome.TIMEOUT, "probe timed out", List.of(),
                    Map.of(), 0));
        }
        assertThat(signals).extracting(Signal::kind).containsOnly(SignalKind.BLIND_SPOT);
        assertThat(view(tracker, "replay_lag_seconds").stale()).as("the tower did not probe: nothing is known").isFalse();
        assertThat(view(tracker, "replay_lag_seconds").firing()).isTrue();
    }

    @Test
    void aFlappingSeriesFiringSaysHowOftenAndHowFastItFlips() {
        SeriesTracker tracker = new SeriesTracker(new SignalComposer("lb-host", "0.1.0"),
                DetectorSettings.defaults().seasonal(false), s -> {
                    TestSignals.assertValid(s);
                    signals.add(s);
                });
        TowerInfo lb = new TowerInfo("lb", "load-balancer", "web", "", Map.of());
        tracker.register(TowerRegistration.of(lb, List.of(Check.gauge("backend_down").unit(Unit.COUNT)
                .guardrailAbove(0.5))));
        // the backend is down for 3 probes, up for 3, again and again: 12 s probes, a flip every 72 s
        for (int cycle = 0; cycle < 8; cycle++) {
            for (int i = 0; i < 6; i++) {
                at += 12_000;
                tracker.accept(new ProbeResult("lb", at, ProbeResult.Outcome.OK, null, List.of(new Observation("b1",
                        "backend_down", Observation.Type.GAUGE, i < 3 ? 1 : 0, 0, 0, null)), Map.of(), 0));
            }
        }
        List<Signal> firings = signals.stream().filter(Signal::firing).toList();
        assertThat(firings).hasSize(8);
        Signal firstFlapping = firings.stream().filter(Signal::flapping).findFirst().orElseThrow();
        int index = firings.indexOf(firstFlapping);
        assertThat(index).as("flapping is recognised after a few flips").isBetween(2, 5);
        assertThat(firstFlapping.flap()).isNotNull();
        assertThat(firstFlapping.flap().flips()).isEqualTo(index + 1);
        assertThat(firstFlapping.flap().periodSeconds()).isEqualTo(72);
        assertThat(firstFlapping.flap().overSeconds()).isEqualTo(72L * index);
        assertThat(firstFlapping.summary()).contains("; flapping: fired " + (index + 1) + " times in ",
                "about every 1 min 12 s");
        assertThat(firings.get(0).flap()).as("a first firing is not flapping").isNull();
        assertThat(firings.get(0).summary()).doesNotContain("flapping");
        assertThat(signals.stream().filter(s -> !s.firing()).map(Signal::flap)).as("flap details ride on firings")
                .containsOnlyNulls();
    }
}
