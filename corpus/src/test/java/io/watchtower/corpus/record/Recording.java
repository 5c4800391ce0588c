package io.watchtower.corpus.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One recorded series: a row per probe with the wall-clock time, the check's value (nothing when the
 * probe had none: a gap) and whether the fault was on. Written as the corpus' {@code NAME.csv}.
 */
final class Recording {

    private static final MathContext DIGITS = new MathContext(4);

    final String name;
    final String family;
    final String traits;
    final String target;
    final String check;
    private final List<String> rows = new ArrayList<>();

    /**
     * @param name the series name (file name)
     * @param family its family in the score table
     * @param traits its traits for index.csv ({@code stays-bad}), or empty
     * @param target the tower target whose check is recorded
     * @param check the check recorded
     */
    Recording(String name, String family, String traits, String target, String check) {
        this.name = name;
        this.family = family;
        this.traits = traits;
        this.target = target;
        this.check = check;
    }

    synchronized void add(long epochMillis, double value, boolean fault) {
        String v = Double.isNaN(value) ? "" : new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
        rows.add(String.format(Locale.ROOT, "%d.%03d,%s,%d", epochMillis / 1000, epochMillis % 1000, v, fault ? 1 : 0));
    }

    synchronized int size() {
        return rows.size();
    }

    synchronized void write(Path dir) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.UTF_8)) {
            w.write("timestamp,value,fault\n");
            for (String row : rows) {
                w.write(row);
                w.write('\n');
            }
        }
    }
}
