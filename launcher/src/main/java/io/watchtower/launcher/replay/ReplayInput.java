package io.watchtower.launcher.replay;

import com.typesafe.config.Config;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Verdict;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One input of a replay: reads the CSV, judges every row, writes the score file and the chart. */
public final class ReplayInput {

    /**
     * What a replay of one input found.
     *
     * @param name the input's name
     * @param rows data rows judged
     * @param fired signals fired
     * @param firing time spent firing
     */
    public record Summary(String name, int rows, int fired, Duration firing) {
        /** @return a one-line human summary */
        public String line() {
            return String.format(Locale.ROOT, "%s: %d rows, %d signal(s) fired, firing for %s", name, rows, fired,
                    human(firing));
        }

        private static String human(Duration d) {
            long s = d.toSeconds();
            if (s < 3600) {
                return (s / 60) + " min " + (s % 60) + " s";
            }
            return (s / 3600) + " h " + (s % 3600) / 60 + " min";
        }
    }

    private final Path file;
    private final String name;
    private final Path out;
    private final DetectorSettings global;
    private final Config settings;

    /**
     * @param file the CSV
     * @param name the output name
     * @param out the output directory
     * @param global the daemon's global baseline settings (reference.conf's)
     * @param settings the check's baseline block
     */
    public ReplayInput(Path file, String name, Path out, DetectorSettings global, Config settings) {
        this.file = file;
        this.name = name;
        this.out = out;
        this.global = global;
        this.settings = settings;
    }

    /**
     * @return the summary
     * @throws IOException when the input cannot be read or the outputs written
     */
    public Summary run() throws IOException {
        SeriesReplay replay = new SeriesReplay(global, settings);
        List<ReplayRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             BufferedWriter scores = Files.newBufferedWriter(out.resolve(name + ".scores.csv"), StandardCharsets.UTF_8)) {
            scores.write("timestamp,value,expected,lower,upper,score,confidence,firing\n");
            String line;
            boolean first = true;
            StringBuilder row = new StringBuilder(128);
            while ((line = in.readLine()) != null) {
                if (first) {
                    first = false;
                    if (CsvSeries.isHeader(line)) {
                        continue;
                    }
                }
                String[] parts = CsvSeries.split(line);
                long at = CsvSeries.timestamp(parts[0]);
                double value = parts.length > 1 ? CsvSeries.number(parts[1]) : Double.NaN;
                Verdict v = replay.judge(at, value);
                ReplayRow r = v == null
                        ? new ReplayRow(parts[0], at, value, Double.NaN, Double.NaN, Double.NaN, 0, "learning", false)
                        : new ReplayRow(parts[0], at, value, v.expected(), v.lower(), v.upper(),
                        v.at() == at ? v.score() : 0, v.confidence().wireName(), v.firing());
                rows.add(r);
                row.setLength(0);
                row.append(parts[0]).append(',');
                append(row, value).append(',');
                append(row, r.expected()).append(',');
                append(row, r.lower()).append(',');
                append(row, r.upper()).append(',');
                append(row, r.score()).append(',');
                row.append(r.confidence()).append(',').append(r.firing() ? '1' : '0').append('\n');
                scores.append(row);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        Files.writeString(out.resolve(name + ".svg"), ScoreChart.render(name, rows, replay.fired()), StandardCharsets.UTF_8);
        return new Summary(name, rows.size(), replay.fired(), Duration.ofMillis(replay.firingMillis()));
    }

    private static StringBuilder append(StringBuilder b, double v) {
        return Decimal.append(b, v);
    }
}
