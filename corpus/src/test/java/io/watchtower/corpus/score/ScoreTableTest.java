package io.watchtower.corpus.score;

import io.watchtower.corpus.Anomaly;
import io.watchtower.corpus.LabelledSeries;
import io.watchtower.corpus.Trait;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreTableTest {

    private static final long MINUTE = 60_000;

    private static LabelledSeries series(String name, String family, Set<Trait> traits, Anomaly... anomalies) {
        long[] at = new long[100];
        for (int i = 0; i < at.length; i++) {
            at[i] = i * MINUTE;
        }
        return new LabelledSeries(name, family, MINUTE, at, new double[100], List.of(anomalies), traits, 0);
    }

    @Test
    void familiesInOrderOfFirstAppearanceThenTheTotal() {
        SeriesScore clean = SeriesScorer.score(series("a", "quiet", Set.of(Trait.BURSTY)), SeriesScorerTest.firing(100, 10, 12));
        SeriesScore hit = SeriesScorer.score(series("b", "loud", Set.of(), new Anomaly(40 * MINUTE, 50 * MINUTE, "spike", 6)),
                SeriesScorerTest.firing(100, 40, 45));
        ScoreTable table = new ScoreTable(List.of(clean, hit));
        String[] lines = table.render().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).startsWith("| quiet ").contains("|       0 |    0 |      0 |       1 |").endsWith("|        - |             - |             - |");
        assertThat(lines[3]).startsWith("| loud ").contains("|       1 |    1 |      0 |       0 |").contains("|   0.0 |    100.0 |");
        // (0.986614 - 0.11 + 1) / 1.986614 = 94.46 % under standard; (0.986614 - 0.22 + 1) / 1.986614 = 88.93 %
        assertThat(lines[4]).startsWith("| **total** ").contains("|     94.5 |          88.9 |");
        assertThat(new Targets(List.of(clean, hit)).render())
                .contains("bursty counts: 100.80 page(s) per series-week outside windows")
                .contains("planted >= 5 σ: recall 1.000 of 1");
    }
}
