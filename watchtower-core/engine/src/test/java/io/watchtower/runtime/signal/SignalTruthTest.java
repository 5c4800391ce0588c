package io.watchtower.runtime.signal;

import com.typesafe.config.ConfigFactory;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a signal says about its baseline is true: bands of quantities that cannot be negative stay
 * at or above zero, a value against a baseline of (almost) nothing is said in words, a configured
 * guardrail is named with its limit, and nothing learned is never shown as "usual".
 */
class SignalTruthTest {

    private static final long MONDAY = 1_767_571_200_000L; // 2026-01-05T00:00Z
    private static final long MINUTE = 60_000;
    private static final TowerInfo TOWER = new TowerInfo("edge", "network-path", "orders-db", "", Map.of());
    private static final String TARGET = "10.0.0.5:5432";
    private static final Pattern MULTIPLE = Pattern.compile("([0-9.]+)×");

    private final List<Signal> signals = new ArrayList<>();

    private SeriesTracker tracker(TowerRegistration registration) {
        SeriesTracker tracker = new SeriesTracker(new SignalComposer("host-a", "0.1.0"),
                DetectorSettings.defaults().seasonal(false), signals::add);
        tracker.register(registration);
        return tracker;
    }

    private static Observation gauge(String check, double value) {
        return new Observation(TARGET, check, Observation.Type.GAUGE, value, 0, 0, null);
    }

    private Signal firstFiring() {
        assertThat(signals).as("signals").isNotEmpty();
        Signal s = signals.get(0);
        assertThat(s.state()).isEqualTo(SignalState.FIRING);
        TestSignals.assertValid(s);
        return s;
    }

    @Test
    void theUsualBandOfATimeNeverReachesBelowZero() {
        Check connect = Check.gauge("connect_time").unit(Unit.MILLISECONDS).minimumDelta(5);
        SeriesTracker tracker = tracker(TowerRegistration.of(TOWER, List.of(connect)));
        // mostly a fraction of a millisecond, now and then a slow connect: the spread exceeds the level
        SplittableRandom r = new SplittableRandom(16);
        int i = 0;
        for (; i < 300; i++) {
            double v = r.nextInt(4) == 0 ? 2 + r.nextDouble() * 3 : 0.2 + r.nextDouble() * 0.3;
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("connect_time", v));
        }
        for (int k = 0; k < 5 && signals.isEmpty(); k++, i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("connect_time", 40));
        }
        Signal s = firstFiring();
        assertThat(s.baseline().expected()).isGreaterThanOrEqualTo(0);
        assertThat(s.baseline().lower()).isGreaterThanOrEqualTo(0);
        assertThat(s.summary()).doesNotContainPattern("band -|– -");
        assertThat(s.summary()).contains("(usual band 0 ms – ");
    }

    @Test
    void aSignedCheckKeepsItsNegativeBand() {
        Check growth = Check.gauge("list_growth").unit(Unit.PER_SECOND).signed().minimumDelta(1);
        assertThat(growth.nonNegative()).isFalse();
        assertThat(Check.gauge("list_growth").unit(Unit.PER_SECOND).nonNegative()).isTrue();
        assertThat(Check.gauge("temperature").nonNegative()).as("no unit: sign unknown").isFalse();
        SeriesTracker tracker = tracker(TowerRegistration.of(TOWER, List.of(growth)));
        SplittableRandom r = new SplittableRandom(3);
        int i = 0;
        for (; i < 300; i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("list_growth", r.nextDouble() * 4 - 2));
        }
        for (int k = 0; k < 5 && signals.isEmpty(); k++, i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("list_growth", 40));
        }
        assertThat(firstFiring().baseline().lower()).isLessThan(0);
    }

    @Test
    void aValueAgainstABaselineOfAlmostNothingIsSaidInWordsNotAsAnAbsurdMultiple() {
        Check lag = Check.gauge("replication_lag").unit(Unit.SECONDS);
        SeriesTracker tracker = tracker(TowerRegistration.of(TOWER, List.of(lag)));
        int i = 0;
        for (; i < 100; i++) {
            // a lag computed from two clocks: zero, or a rounding error of a fraction of a nanosecond
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("replication_lag", i % 2 == 0 ? 0 : 7e-10));
        }
        for (int k = 0; k < 5 && signals.isEmpty(); k++, i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("replication_lag", 12.4));
        }
        Signal s = firstFiring();
        assertThat(s.summary()).contains("12.4 s on " + TARGET + " (orders-db) where it is usually 0 s");
        assertThat(s.summary()).doesNotContain("0.000000");
        Matcher m = MULTIPLE.matcher(s.summary());
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).as("multiple in %s", s.summary())
                    .isLessThan(SignalComposer.LARGEST_MULTIPLE);
        }
        assertThat(Unit.SECONDS.format(3.5e-10)).isEqualTo("0 s");
        assertThat(Unit.MILLISECONDS.format(0.00042)).isEqualTo("0.000420 ms");
    }

    @Test
    void aGuardrailFromTheConfigurationIsNamedWithItsLimit() {
        Check query = Check.gauge("longest_query").unit(Unit.SECONDS).worseWhen(Direction.HIGHER);
        TowerRegistration registration = TowerRegistration.of(TOWER, List.of(query), ConfigFactory.empty(),
                Map.of("longest_query", ConfigFactory.parseString("baseline { guardrail.above = 300 }")));
        SeriesTracker tracker = tracker(registration);
        int i = 0;
        for (; i < 10; i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("longest_query", 2 + i % 3));
        }
        for (int k = 0; k < 5 && signals.isEmpty(); k++, i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE, gauge("longest_query", 900));
        }
        Signal s = firstFiring();
        assertThat(s.kind()).isEqualTo(SignalKind.THRESHOLD);
        assertThat(s.summary()).contains("crossed the guardrail 300 s").doesNotContain("n/a");
        assertThat(s.summary()).as("ten observations are a baseline still learning")
                .contains("baseline still learning (3.00 s so far)");
    }

    @Test
    void aResolutionSaysHowLongItReallyFiredWhateverTheWallClockDid() {
        SeriesTracker tracker = tracker(TowerRegistration.of(TOWER, List.of()));
        long wall = MONDAY;
        long monotonic = 123_456_789_000L;
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                wall += 2 * 86_400_000L; // NTP steps a clock that was two days behind
            }
            Observation o = i < 3
                    ? new Observation(TARGET, "", Observation.Type.UNREACHABLE, Double.NaN, 0, 0, "connection refused")
                    : new Observation(TARGET, "connect_time", Observation.Type.GAUGE, 1.5, 0, 0, null);
            tracker.accept(new ProbeResult("edge", wall, ProbeResult.Outcome.OK, null, List.of(o), Map.of(), 0,
                    ProbeResult.Drops.NONE, monotonic));
            wall += 10_000;
            monotonic += 10_000_000_000L;
        }
        assertThat(signals).extracting(Signal::state).containsExactly(SignalState.FIRING, SignalState.RESOLVED);
        assertThat(signals.get(1).summary()).isEqualTo(TARGET + " (orders-db) is reachable again from host-a after 50 s"
                + " unreachable");
    }

    @Test
    void aPortThatWasAlwaysClosedHasNoUsualRate() {
        Check failures = Check.ratio("connect_failures");
        SeriesTracker tracker = tracker(TowerRegistration.of(TOWER, List.of(failures)));
        for (int i = 0; i < 200 && signals.isEmpty(); i++) {
            tracker.acceptObservation("edge", MONDAY + i * MINUTE,
                    new Observation(TARGET, "connect_failures", Observation.Type.RATIO, Double.NaN, 3, 3, null));
        }
        Signal s = firstFiring();
        assertThat(s.summary()).doesNotContain("usual").contains("no baseline yet");
        assertThat(s.baseline().expected()).as("the model's prior is not what is usual").isNull();
    }
}
