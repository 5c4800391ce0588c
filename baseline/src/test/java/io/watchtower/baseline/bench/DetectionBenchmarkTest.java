package io.watchtower.baseline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchtower.baseline.bench.DetectionBenchmark.Result;
import io.watchtower.baseline.bench.DetectionBenchmark.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the labelled scenario suite and holds the detector to the published targets. */
class DetectionBenchmarkTest {

    @Test
    void scenarioSuiteMeetsTheDetectionTargets() {
        List<Result> results = DetectionBenchmark.run();
        String table = DetectionBenchmark.table(results);
        Summary summary = DetectionBenchmark.summarise(results);

        assertThat(summary.sizedRecall()).as("recall on anomalies >= 5 σ%n%s", table).isGreaterThanOrEqualTo(0.9);
        assertThat(summary.sizedMedianDelay()).as("median delay in samples%n%s", table).isLessThanOrEqualTo(3);
        assertThat(summary.worstCleanFalseAlarms()).as("false alarms per series-week on anomaly-free scenarios%n%s",
                table).isLessThanOrEqualTo(1.0);
        assertThat(summary.batchJobFlagged()).as("daily batch job flagged after two weeks%n%s", table).isZero();
    }

    @Test
    void everyScenarioIsRunAndTheCleanOnesHaveNoEvents() {
        List<Result> results = DetectionBenchmark.run(ScenarioSuite.all().subList(0, 2));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.events()).isZero();
            assertThat(r.observations()).isEqualTo(3L * 3 * ScenarioSuite.PER_WEEK);
        });
    }

    @Test
    void ratioScenarioDetectsOneInTenAgainstOneInAThousand() {
        Result rate = DetectionBenchmark.run(ScenarioSuite.all().stream()
                .filter(s -> s.name().equals("failure-rate")).findFirst().orElseThrow());
        assertThat(rate.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(rate.falseAlarms()).isZero();
    }
}
