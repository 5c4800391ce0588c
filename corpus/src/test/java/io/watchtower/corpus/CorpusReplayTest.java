package io.watchtower.corpus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusReplayTest {

    private static LabelledSeries steady(String name, int rows, int stepFrom, double step, boolean gaps) {
        long[] at = new long[rows];
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            at[i] = 1_700_000_000_000L + i * 60_000L;
            v[i] = 10 + (i % 7) * 0.1 + (i >= stepFrom ? step : 0);
            if (gaps && i % 50 == 7) {
                v[i] = Double.NaN;
            }
        }
        return new LabelledSeries(name, "test", 60_000L, at, v,
                List.of(new Anomaly(at[stepFrom], at[rows - 1] + 60_000L, "shift", 100)), Set.of(), 0);
    }

    @Test
    void replayJudgesEveryRowAndFiresOnlyAfterTheStepInEitherDirection() throws IOException {
        LabelledSeries up = steady("up", 400, 300, 50, false);
        LabelledSeries down = steady("down", 400, 300, -5, true);
        Map<String, boolean[]> firing = CorpusReplay.firing(List.of(up, down), CorpusReplay.SETTINGS);
        for (LabelledSeries s : List.of(up, down)) {
            boolean[] f = firing.get(s.name());
            assertThat(f).as(s.name()).hasSize(s.size());
            for (int i = 0; i < 300; i++) {
                assertThat(f[i]).as("%s row %d", s.name(), i).isFalse();
            }
            boolean fired = false;
            for (int i = 300; i < 310; i++) {
                fired |= f[i];
            }
            assertThat(fired).as("%s fires within 10 rows of the step", s.name()).isTrue();
        }
    }
}
