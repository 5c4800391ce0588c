package io.watchtower.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One series of the corpus: timestamps, values (NaN for a gap: an empty value in the CSV) and the
 * labelled anomalies.
 *
 * @param name unique name, also the CSV's file name
 * @param family the family it belongs to in the score table
 * @param stepMillis the sampling interval
 * @param at epoch milliseconds per row, non-decreasing
 * @param values value per row, NaN for a gap
 * @param anomalies labelled anomalies, in time order, not overlapping
 * @param traits what targets it counts for
 * @param cycleMillis its period (a day, a week) when it has one, else 0
 */
public record LabelledSeries(String name, String family, long stepMillis, long[] at, double[] values,
                             List<Anomaly> anomalies, Set<Trait> traits, long cycleMillis) {

    /** Checks the rows and labels agree. */
    public LabelledSeries {
        Objects.requireNonNull(name, "name");
        if (at.length != values.length) {
            throw new IllegalArgumentException(name + ": " + at.length + " timestamps but " + values.length + " values");
        }
        anomalies = List.copyOf(anomalies);
        traits = Set.copyOf(traits);
        for (int i = 1; i < anomalies.size(); i++) {
            if (anomalies.get(i).start() < anomalies.get(i - 1).end()) {
                throw new IllegalArgumentException(name + ": anomalies overlap or are out of order at " + i);
            }
        }
    }

    /** @return the number of rows */
    public int size() {
        return at.length;
    }

    /** @return the time the series covers, in weeks (a row counts for one step) */
    public double weeks() {
        if (at.length == 0) {
            return 0;
        }
        return (at[at.length - 1] - at[0] + stepMillis) / (7.0 * 24 * 3600 * 1000);
    }

    /**
     * @param time epoch milliseconds
     * @return the index of the first row at or after {@code time}; {@link #size()} when none
     */
    public int rowAtOrAfter(long time) {
        int i = Arrays.binarySearch(at, time);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && at[i - 1] == time) {
            i--;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledSeries s && name.equals(s.name) && family.equals(s.family)
                && stepMillis == s.stepMillis && Arrays.equals(at, s.at) && Arrays.equals(values, s.values)
                && anomalies.equals(s.anomalies) && traits.equals(s.traits) && cycleMillis == s.cycleMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, family, stepMillis, Arrays.hashCode(at), Arrays.hashCode(values), anomalies, traits,
                cycleMillis);
    }

    @Override
    public String toString() {
        return name + " (" + family + ", " + at.length + " rows, " + anomalies.size() + " anomalies)";
    }
}
