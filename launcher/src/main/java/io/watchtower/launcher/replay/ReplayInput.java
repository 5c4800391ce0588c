package io.watchtower.launcher.replay;

import com.typesafe.config.Config;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Verdict;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import io.watchtower.runtime.signal.FeedbackRecord;

/** One input of a replay: streams the CSV, judges every row, writes the score file and the chart. */
public final class ReplayInput {

    /**
     * What a replay of one input found.
     *
     * @param name the input's name
     * @param rows data rows judged
     * @param fired signals fired
     * @param firing time spent firing
     * @param feedback recorded answers applied, or -1 when the replay had none
     * @param firedWithout signals the same rows fired without those answers (-1 without feedback)
     */
    public record Summary(String name, long rows, int fired, Duration firing, int feedback, int firedWithout) {

        /** A summary of a replay without feedback. */
        public Summary(String name, long rows, int fired, Duration firing) {
            this(name, rows, fired, firing, -1, -1);
        }

        /** @return a one-line human summary */
        public String line() {
            String line = String.format(Locale.ROOT, "%s: %d rows, %d signal(s) fired, firing for %s", name, rows, fired,
                    human(firing));
            return feedback < 0 ? line : line + String.format(Locale.ROOT, "; with %d feedback answer(s) applied (%d"
                    + " signal(s) without them)", feedback, firedWithout);
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
    private final List<FeedbackRecord> feedback;

    /**
     * @param file the CSV
     * @param name the output name
     * @param out the output directory
     * @param global the daemon's global baseline settings (reference.conf's)
     * @param settings the check's baseline block
     */
    public ReplayInput(Path file, String name, Path out, DetectorSettings global, Config settings) {
        this(file, name, out, global, settings, null);
    }

    /**
     * @param file the CSV
     * @param name the output name
     * @param out the output directory
     * @param global the daemon's global baseline settings (reference.conf's)
     * @param settings the check's baseline block
     * @param feedback recorded answers to apply when the replay reaches their time, or null for none
     *                 (an empty list still replays the rows a second time without them, for comparison)
     */
    public ReplayInput(Path file, String name, Path out, DetectorSettings global, Config settings,
                       List<FeedbackRecord> feedback) {
        this.file = file;
        this.name = name;
        this.out = out;
        this.global = global;
        this.settings = settings;
        this.feedback = feedback == null ? null : feedback.stream()
                .sorted(Comparator.comparingLong(FeedbackRecord::atMillis)).toList();
    }

    /**
     * Streams the input: each row is judged and its score row written before the next is read, and
     * the chart keeps a bounded number of columns, so memory does not grow with the row count. The
     * outputs are written under temporary names and renamed when complete: a failed input leaves no
     * truncated score file or chart behind.
     *
     * @return the summary
     * @throws IOException when the input cannot be read or the outputs written, and for input that
     *     is not a {@code timestamp,value} CSV in time order; the message names the file and line
     */
    public Summary run() throws IOException {
        SeriesReplay replay = new SeriesReplay(global, settings);
        SeriesReplay without = feedback == null ? null : new SeriesReplay(global, settings);
        int answered = 0;
        ChartColumns chart = new ChartColumns(2 * ScoreChart.plotWidth());
        Path scoresFile = out.resolve(name + ".scores.csv");
        Path chartFile = out.resolve(name + ".svg");
        Path scoresPart = out.resolve(name + ".scores.csv.part");
        Path chartPart = out.resolve(name + ".svg.part");
        boolean done = false;
        try {
            try (CsvLines in = open();
                 BufferedWriter scores = Files.newBufferedWriter(scoresPart, StandardCharsets.UTF_8)) {
                scores.write("timestamp,value,expected,lower,upper,score,confidence,firing\n");
                String line;
                boolean first = true;
                long previousAt = Long.MIN_VALUE;
                long previousLine = 0;
                StringBuilder row = new StringBuilder(128);
                while ((line = in.next()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (first) {
                        first = false;
                        if (CsvSeries.isHeader(line)) {
                            continue;
                        }
                    }
                    String[] parts = CsvSeries.split(line);
                    long at = CsvSeries.timestamp(parts[0]);
                    if (at == Long.MIN_VALUE) {
                        throw new IOException(in.where(in.number()) + "unreadable timestamp " + quote(parts[0])
                                + ": expected ISO-8601 (2013-07-04T00:00:00Z; without a zone it is UTC) or epoch seconds");
                    }
                    if (at < previousAt) {
                        throw new IOException(in.where(in.number()) + "timestamp " + quote(parts[0])
                                + " is earlier than line " + previousLine + "'s: replay needs the rows in time order"
                                + " (sort the file by its first column)");
                    }
                    previousAt = at;
                    previousLine = in.number();
                    double value;
                    try {
                        value = parts.length > 1 ? CsvSeries.value(parts[1]) : Double.NaN;
                    } catch (NumberFormatException e) {
                        throw new IOException(in.where(in.number()) + "unreadable value " + quote(parts[1])
                                + ": expected a decimal number, or nothing for a gap", e);
                    }
                    Verdict v = replay.judge(at, value);
                    if (without != null) {
                        without.judge(at, value);
                        // answers given up to this row's time apply from the next row on, as in the daemon
                        while (answered < feedback.size() && feedback.get(answered).atMillis() <= at
                                && replay.feedback(feedback.get(answered).feedback())) {
                            answered++;
                        }
                    }
                    ReplayRow r = v == null
                            ? new ReplayRow(parts[0], at, value, Double.NaN, Double.NaN, Double.NaN, 0, "learning", false)
                            : new ReplayRow(parts[0], at, value, v.expected(), v.lower(), v.upper(),
                            v.at() == at ? v.score() : 0, v.confidence().wireName(), v.firing());
                    chart.add(r);
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
            }
            Files.writeString(chartPart, ScoreChart.render(name, chart, replay.fired()), StandardCharsets.UTF_8);
            Files.move(scoresPart, scoresFile, StandardCopyOption.REPLACE_EXISTING);
            Files.move(chartPart, chartFile, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(scoresPart);
                Files.deleteIfExists(chartPart);
            }
        }
        return without == null ? new Summary(name, chart.rows(), replay.fired(), Duration.ofMillis(replay.firingMillis()))
                : new Summary(name, chart.rows(), replay.fired(), Duration.ofMillis(replay.firingMillis()), answered,
                without.fired());
    }

    private CsvLines open() throws IOException {
        try {
            return new CsvLines(file, Files.newInputStream(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
    }

    /** @return the text in quotes, control characters escaped and cut short: it may be binary junk */
    private static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 40; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(text.length() > 40 ? "...\"" : "\"").toString();
    }

    private static StringBuilder append(StringBuilder b, double v) {
        return Decimal.append(b, v);
    }
}
