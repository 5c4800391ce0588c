package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SortedWindowTest {

    @Test
    void medianAndMadMatchABruteForceComputationAfterEveryAdd() {
        SplittableRandom random = new SplittableRandom(7);
        for (int capacity : new int[] {1, 2, 5, 16, 240}) {
            SortedWindow window = new SortedWindow(capacity);
            Deque<Float> reference = new ArrayDeque<>();
            for (int i = 0; i < 2000; i++) {
                // few distinct values so that duplicates, ties and -0.0 are common
                double v = random.nextInt(4) == 0 ? -0.0 : random.nextInt(-20, 20) / 4.0;
                window.add(v);
                reference.addLast((float) v + 0.0f);
                if (reference.size() > capacity) {
                    reference.removeFirst();
                }
                double[] values = reference.stream().mapToDouble(Float::doubleValue).toArray();
                double median = median(values);
                assertThat(window.median()).isCloseTo(median, within(1e-9));
                double[] deviations = Arrays.stream(values).map(x -> Math.abs(x - median)).toArray();
                assertThat(window.mad()).isCloseTo(median(deviations), within(1e-9));
            }
        }
    }

    @Test
    void shiftAndValuesKeepArrivalOrder() {
        SortedWindow window = new SortedWindow(4);
        for (double v : new double[] {5, 1, 3, 2, 4}) {
            window.add(v);
        }
        assertThat(window.values()).containsExactly(1f, 3f, 2f, 4f);
        window.shift(10);
        assertThat(window.values()).containsExactly(11f, 13f, 12f, 14f);
        assertThat(window.median()).isEqualTo(12.5);
    }

    @Test
    void emptyWindowHasNoLevel() {
        assertThat(new SortedWindow(8).median()).isNaN();
        assertThat(new SortedWindow(8).mad()).isNaN();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
