package io.watchtower.corpus;

import io.watchtower.corpus.generate.GeneratedCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusTest {

    private static final List<LabelledSeries> GENERATED = GeneratedCorpus.all();

    @Test
    void theCorpusHasAtLeastSixtySeriesWithUniqueNames() throws IOException {
        List<LabelledSeries> all = new ArrayList<>(GENERATED);
        all.addAll(RecordedCorpus.all());
        assertThat(all.size()).isGreaterThanOrEqualTo(60);
        Set<String> names = new HashSet<>();
        for (LabelledSeries s : all) {
            assertThat(names.add(s.name())).as("unique name %s", s.name()).isTrue();
        }
    }

    @Test
    void everyGeneratorIsDeterministic() {
        List<GeneratedCorpus.Recipe> recipes = GeneratedCorpus.recipes();
        assertThat(recipes).hasSameSizeAs(GENERATED);
        for (int i = 0; i < recipes.size(); i++) {
            LabelledSeries again = recipes.get(i).make().get();
            assertThat(again).as(recipes.get(i).name()).isEqualTo(GENERATED.get(i));
            assertThat(again.name()).isEqualTo(recipes.get(i).name());
        }
    }

    @Test
    void everyLabelLiesInsideItsSeriesAndEverySeriesIsInTimeOrder() throws IOException {
        List<LabelledSeries> all = new ArrayList<>(GENERATED);
        all.addAll(RecordedCorpus.all());
        for (LabelledSeries s : all) {
            int backwards = -1;
            for (int i = 1; i < s.size() && backwards < 0; i++) {
                backwards = s.at()[i] < s.at()[i - 1] ? i : -1;
            }
            assertThat(backwards).as("%s: first row earlier than the one before", s.name()).isEqualTo(-1);
            for (Anomaly a : s.anomalies()) {
                assertThat(a.start()).as(s.name()).isGreaterThanOrEqualTo(s.at()[0]);
                assertThat(a.start()).as(s.name()).isLessThanOrEqualTo(s.at()[s.size() - 1]);
            }
        }
    }

    @Test
    void theGeneratedCorpusCoversEveryFamilyAndSampling() {
        List<LabelledSeries> all = GENERATED;
        Set<String> families = new HashSet<>();
        Set<Long> steps = new HashSet<>();
        for (LabelledSeries s : all) {
            families.add(s.family());
            steps.add(s.stepMillis());
        }
        assertThat(families).contains("daily-sine", "daily-square", "daily-noisy", "weekly", "bursty-counts",
                "drifting-sensor", "slow-drift", "cloud-cpu", "cloud-network", "variance", "stuck-value",
                "counter-resets", "missing-data", "new-normal", "spikes", "dips", "level-shifts", "stuck-lag");
        assertThat(steps).contains(15_000L, 60_000L, 300_000L);
        assertThat(all.stream().filter(s -> s.anomalies().isEmpty()).count()).isGreaterThanOrEqualTo(10);
        assertThat(all.stream().flatMap(s -> s.anomalies().stream()).filter(a -> a.atLeast(5)).count())
                .isGreaterThanOrEqualTo(50);
        assertThat(all.stream().mapToDouble(LabelledSeries::weeks).max().orElseThrow()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void everyRecordingHasFaultWindowsBetweenCleanStretchesAndMostlyValues() throws IOException {
        List<LabelledSeries> recorded = RecordedCorpus.all();
        assertThat(recorded).extracting(LabelledSeries::family)
                .contains("rec-postgres", "rec-redis", "rec-network", "rec-delay");
        for (LabelledSeries s : recorded) {
            assertThat(s.size()).as(s.name()).isGreaterThanOrEqualTo(1000);
            assertThat(s.anomalies().size()).as(s.name()).isGreaterThanOrEqualTo(3);
            assertThat(s.anomalies().get(0).start()).as("%s: a clean stretch to learn from first", s.name())
                    .isGreaterThan(s.at()[s.size() / 4]);
            long gaps = java.util.Arrays.stream(s.values()).filter(Double::isNaN).count();
            assertThat(gaps).as("%s: probes without a value", s.name()).isLessThan(s.size() / 20);
        }
    }

    @Test
    void theRecordingsStaySmall() throws IOException {
        long bytes = 0;
        try (InputStream index = RecordedCorpus.class.getResourceAsStream("/recordings/index.csv")) {
            assertThat(index).isNotNull();
        }
        for (LabelledSeries s : RecordedCorpus.all()) {
            try (InputStream in = RecordedCorpus.class.getResourceAsStream("/recordings/" + s.name() + ".csv")) {
                bytes += in.readAllBytes().length;
            }
        }
        assertThat(bytes).isLessThan(400 * 1024);
    }
}
