package io.watchtower.runtime.api;

import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A judged probe adds a point to the recent history of its own tower's series only, and the history of
 * a tower that is no longer registered is forgotten.
 */
class JudgedProbesTest {

    private static final long T0 = 1_767_600_000_000L;
    private static final SeriesKey DB_LATENCY = new SeriesKey("db", "10.0.0.1:5432", "latency");
    private static final SeriesKey DB_REACHABLE = new SeriesKey("db", "10.0.0.1:5432", SeriesKey.REACHABLE);
    private static final SeriesKey LB_LATENCY = new SeriesKey("lb", "web", "latency");

    private final SeriesTracker tracker = new SeriesTracker(new SignalComposer("host", "0.1.0"),
            DetectorSettings.defaults().seasonal(false), s -> { });
    private final JudgedProbes judged = new JudgedProbes(tracker);

    @Test
    void aProbeSamplesItsOwnTowersSeriesAndAnUnregisteredTowerIsForgotten() {
        register("db");
        register("lb");

        probe("db", T0, 12.5);
        assertThat(judged.recent().of(DB_LATENCY)).extracting(BandHistory.Point::value).containsExactly(12.5);
        assertThat(judged.recent().of(DB_REACHABLE)).extracting(BandHistory.Point::at).containsExactly(T0);
        assertThat(judged.recent().of(LB_LATENCY)).as("no probe of lb yet").isEmpty();

        probe("lb", T0 + 1_000, 30);
        probe("db", T0 + 15_000, 13.5);
        assertThat(judged.recent().of(DB_LATENCY)).extracting(BandHistory.Point::value).containsExactly(12.5, 13.5);
        assertThat(judged.recent().of(LB_LATENCY)).extracting(BandHistory.Point::value).containsExactly(30.0);

        probe("lb", T0 + 16_000, 31);
        assertThat(judged.recent().of(DB_LATENCY)).as("a probe of lb adds nothing to db's series").hasSize(2);
        assertThat(judged.recent().of(LB_LATENCY)).extracting(BandHistory.Point::value).containsExactly(30.0, 31.0);

        tracker.unregister("lb");
        probe("db", T0 + 30_000, 14.5);
        assertThat(judged.recent().of(LB_LATENCY)).as("lb is gone").isEmpty();
        assertThat(judged.recent().of(DB_LATENCY)).hasSize(3);
        assertThat(judged.metrics().droppedObservations("db").total()).isZero();
    }

    @Test
    void sampledTowerByTowerTheHistoryMatchesOneSampledFromEverySeries() {
        register("db");
        register("lb");
        BandHistory everySeries = new BandHistory();
        for (int i = 0; i < 5; i++) {
            probe("db", T0 + i * 15_000L, 10 + i);
            everySeries.sample(tracker.views());
            probe("lb", T0 + i * 15_000L + 500, 20 + i);
            everySeries.sample(tracker.views());
        }
        for (SeriesKey key : List.of(DB_LATENCY, DB_REACHABLE, LB_LATENCY)) {
            assertThat(judged.recent().of(key)).as(key.id()).isNotEmpty().isEqualTo(everySeries.of(key));
        }
    }

    private void register(String tower) {
        tracker.register(TowerRegistration.of(new TowerInfo(tower, "scripted", tower, "", Map.of()),
                List.of(Check.gauge("latency").unit(Unit.MILLISECONDS))));
    }

    private void probe(String tower, long at, double latency) {
        String target = tower.equals("db") ? DB_LATENCY.target() : LB_LATENCY.target();
        ProbeResult result = new ProbeResult(tower, at, ProbeResult.Outcome.OK, null,
                List.of(new Observation(target, "latency", Observation.Type.GAUGE, latency, 0, 0, null)), Map.of(), 0);
        tracker.accept(result);
        judged.accept(result);
    }
}
