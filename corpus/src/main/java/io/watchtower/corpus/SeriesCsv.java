package io.watchtower.corpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a series as the {@code timestamp,value} CSV {@code watchtower replay} reads. */
public final class SeriesCsv {

    private SeriesCsv() {
    }

    /**
     * Writes epoch seconds and values, an empty value for a gap; with {@code labels}, a third column
     * {@code anomaly} (1 inside a labelled anomaly), which replay ignores.
     */
    public static void write(LabelledSeries s, Path file, boolean labels) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(labels ? "timestamp,value,anomaly\n" : "timestamp,value\n");
            int a = 0;
            StringBuilder row = new StringBuilder(48);
            for (int i = 0; i < s.size(); i++) {
                row.setLength(0);
                long at = s.at()[i];
                row.append(at / 1000);
                if (at % 1000 != 0) {
                    row.append('.').append(String.format("%03d", at % 1000));
                }
                row.append(',');
                double v = s.values()[i];
                if (!Double.isNaN(v)) {
                    row.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
                }
                if (labels) {
                    while (a < s.anomalies().size() && s.anomalies().get(a).end() <= at) {
                        a++;
                    }
                    boolean in = a < s.anomalies().size() && s.anomalies().get(a).start() <= at;
                    row.append(',').append(in ? '1' : '0');
                }
                w.append(row).append('\n');
            }
        }
    }
}
