package io.watchtower.launcher.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartColumnsTest {

    private static ReplayRow row(long i, double value) {
        return new ReplayRow(Long.toString(i), i * 1000, value, Double.NaN, Double.NaN, Double.NaN, 0, "learning", false);
    }

    @Test
    void aMillionRowsKeepAtMostTheCapacityAndEverySpike() {
        ChartColumns chart = new ChartColumns(100);
        for (int i = 0; i < 1_000_000; i++) {
            chart.add(row(i, i == 777_777 ? 1e6 : i == 123_456 ? -1e6 : 1));
        }
        assertThat(chart.rows()).isEqualTo(1_000_000);
        assertThat(chart.columns()).isBetween(50, 100);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int c = 0; c < chart.columns(); c++) {
            max = Math.max(max, chart.hi(c));
            min = Math.min(min, chart.lo(c));
        }
        assertThat(max).isEqualTo(1e6);
        assertThat(min).isEqualTo(-1e6);
        assertThat(chart.first().timestamp()).isEqualTo("0");
        assertThat(chart.last().timestamp()).isEqualTo("999999");
        ChartColumns fitted = chart.fitTo(10);
        assertThat(fitted.columns()).isEqualTo(10);
        assertThat(fitted.hi((int) (777_777L * 10 / 1_000_000))).isEqualTo(1e6);
    }

    @Test
    void aShortSeriesIsOneColumnPerRow() {
        ChartColumns chart = new ChartColumns(100);
        for (int i = 0; i < 30; i++) {
            chart.add(row(i, i));
        }
        assertThat(chart.columns()).isEqualTo(30);
        for (int c = 0; c < 30; c++) {
            assertThat(chart.lo(c)).isEqualTo(c);
            assertThat(chart.hi(c)).isEqualTo(c);
        }
        assertThat(chart.range()).containsExactly(0, 29);
    }
}
