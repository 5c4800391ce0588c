package io.watchtower.runtime.series;

import io.watchtower.runtime.signal.SeriesKey;
import com.typesafe.config.ConfigFactory;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Observations;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Counters and ratio totals: the core turns a tower's running totals into rates and ratios. */
class CounterObservationsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final SeriesKey EVICTIONS = new SeriesKey("t", "redis-1", "evictions");
    private static final SeriesKey ROLLBACKS = new SeriesKey("t", "db-1", "rollbacks");

    private final List<io.watchtower.runtime.signal.Signal> signals = new java.util.ArrayList<>();
    private final SeriesTracker tracker = new SeriesTracker(new SignalComposer("h", "test"),
            DetectorSettings.defaults(), signals::add);

    CounterObservationsTest() {
        tracker.register(TowerRegistration.of(new TowerInfo("t", "x", "c", "", Map.of()),
                List.of(Check.counter("evictions").guardrailAbove(50).describedAs("keys evicted per second"),
                        Check.ratio("rollbacks").describedAs("rolled back transactions")),
                ConfigFactory.empty(), Map.of()));
    }

    private void probe(long at, Consumer<Observations> report) {
        tracker.accept(RunningTower.scripted("t", at, report));
    }

    private void evicted(long at, double total) {
        probe(at, out -> out.target("redis-1").counter("evictions", total));
    }

    private SeriesView view(SeriesKey key) {
        return tracker.views().stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void aCounterIsJudgedAsItsRatePerSecondWithThatUnit() {
        evicted(T0, 1000);
        assertThat(tracker.last(EVICTIONS).value()).as("one total is no rate yet").isNaN();
        evicted(T0 + 10_000, 1250);
        assertThat(tracker.last(EVICTIONS).value()).isCloseTo(25.0, within(1e-9));
        evicted(T0 + 30_000, 1290);
        assertThat(tracker.last(EVICTIONS).value()).isCloseTo(2.0, within(1e-9));
        assertThat(view(EVICTIONS).unit()).isEqualTo("per-second");
        assertThat(view(EVICTIONS).samples()).isEqualTo(2);
    }

    @Test
    void aCounterThatGoesDownWasResetAndTheNextRateStartsFromIt() {
        evicted(T0, 5000);
        evicted(T0 + 10_000, 5100);
        evicted(T0 + 20_000, 40); // the server restarted
        assertThat(tracker.last(EVICTIONS).value()).as("a reset is a gap").isNaN();
        evicted(T0 + 30_000, 140);
        assertThat(tracker.last(EVICTIONS).value()).isCloseTo(10.0, within(1e-9));
        assertThat(view(EVICTIONS).samples()).isEqualTo(2);
    }

    @Test
    void aNegativeOrNonFiniteTotalIsAGap() {
        evicted(T0, 100);
        evicted(T0 + 10_000, -5);
        evicted(T0 + 20_000, Double.NaN);
        assertThat(view(EVICTIONS).samples()).isZero();
        evicted(T0 + 30_000, 400);
        assertThat(tracker.last(EVICTIONS).value()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void ratioTotalsAreJudgedOnTheAttemptsSinceThePreviousTotals() {
        probe(T0, out -> out.target("db-1").ratioTotals("rollbacks", 10, 1000));
        assertThat(tracker.last(ROLLBACKS).value()).as("the first totals are no ratio yet").isNaN();
        probe(T0 + 10_000, out -> out.target("db-1").ratioTotals("rollbacks", 30, 1100));
        assertThat(tracker.last(ROLLBACKS).value()).isCloseTo(0.2, within(1e-9));
        probe(T0 + 20_000, out -> out.target("db-1").ratioTotals("rollbacks", 2, 50)); // statistics reset
        assertThat(tracker.last(ROLLBACKS).value()).as("a reset is a gap").isNaN();
        probe(T0 + 30_000, out -> out.target("db-1").ratioTotals("rollbacks", 3, 150));
        assertThat(tracker.last(ROLLBACKS).value()).isCloseTo(0.01, within(1e-9));
        assertThat(view(ROLLBACKS).samples()).isEqualTo(2);
    }

    @Test
    void aSignalOfACounterCarriesTheRateAndItsUnit() {
        for (int i = 0; i <= 10; i++) {
            evicted(T0 + i * 10_000L, i * 1000.0); // 100 keys a second, over the guardrail of 50
        }
        io.watchtower.runtime.signal.Signal fired = signals.stream()
                .filter(s -> s.firing() && s.check().equals("evictions")).findFirst().orElseThrow();
        assertThat(fired.kind()).isEqualTo(io.watchtower.runtime.signal.SignalKind.THRESHOLD);
        assertThat(fired.observed()).isEqualTo(100.0);
        assertThat(fired.unit()).isEqualTo("per-second");
        assertThat(fired.summary()).contains("100 /s");
    }

    @Test
    void aCounterReportedAsAGaugeIsIgnored() {
        probe(T0, out -> out.target("redis-1").gauge("evictions", 3));
        assertThat(tracker.last(EVICTIONS)).isNull();
    }
}
