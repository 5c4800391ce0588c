package io.watchtower.runtime.series;

import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One tower's series and their last verdicts, without the other towers' (towers whose ids share a prefix). */
class LastVerdictsTest {

    private static final long T0 = 1_700_000_000_000L;

    private final SeriesTracker tracker = new SeriesTracker(new SignalComposer("h", "test"),
            DetectorSettings.defaults(), s -> { });

    @Test
    void theVerdictsOfOneTowersSeriesInKeyOrder() {
        for (String id : List.of("db", "db-2", "d")) {
            tracker.register(TowerRegistration.of(new TowerInfo(id, "x", "c", "", Map.of()),
                    List.of(Check.gauge("latency"), Check.gauge("connections"))));
        }
        for (String id : List.of("db", "db-2", "d")) {
            tracker.accept(RunningTower.scripted(id, T0, out -> out.target("a").gauge("latency", 3)
                    .gauge("connections", 7)));
        }
        tracker.accept(RunningTower.scripted("db", T0 + 15_000, out -> out.target("b").gauge("latency", 4)));

        Map<SeriesKey, io.watchtower.baseline.Verdict> db = tracker.lastVerdicts("db");

        assertThat(db.keySet()).containsExactly(new SeriesKey("db", "", SeriesKey.PROBE),
                new SeriesKey("db", "a", "connections"), new SeriesKey("db", "a", "latency"),
                new SeriesKey("db", "a", SeriesKey.REACHABLE), new SeriesKey("db", "b", "latency"),
                new SeriesKey("db", "b", SeriesKey.REACHABLE));
        assertThat(db.get(new SeriesKey("db", "b", "latency")).value()).isEqualTo(4.0);
        assertThat(db.get(new SeriesKey("db", "a", "latency")).at()).isEqualTo(T0);
        assertThat(db).allSatisfy((key, verdict) -> assertThat(verdict).isEqualTo(tracker.last(key)));
        assertThat(tracker.lastVerdicts("db-2")).hasSize(4);
        assertThat(tracker.lastVerdicts("nobody")).isEmpty();
        assertThat(tracker.towerIds()).containsExactlyInAnyOrder("db", "db-2", "d");
    }
}
