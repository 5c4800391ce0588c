package io.watchtower.corpus;

import io.watchtower.corpus.generate.GeneratedCorpus;
import io.watchtower.corpus.score.ScoreTable;
import io.watchtower.corpus.score.SeriesScore;
import io.watchtower.corpus.score.SeriesScorer;
import io.watchtower.corpus.score.Targets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replays the whole corpus with {@code worse-when = both} (plus {@code bad-never-normal = true} for
 * the series whose check declares it) and prints the per-family table, the totals
 * and the targets. Options: {@code --family REGEX} scores only the matching families;
 * {@code --series} adds a line per series; {@code --export DIR} also writes every series as
 * {@code NAME.csv} ({@code timestamp,value,anomaly}) and {@code labels.csv} for use elsewhere;
 * {@code --settings FILE} replays with that baseline block instead of {@code worse-when = both} (to
 * try a setting; the table of record uses the default); {@code --out DIR} keeps replay's score files
 * and charts there.
 */
public final class ScoreCorpus {

    private ScoreCorpus() {
    }

    /** @param args see the class description */
    public static void main(String[] args) throws IOException {
        Pattern family = null;
        Path export = null;
        Path keep = null;
        boolean perSeries = false;
        String settings = CorpusReplay.SETTINGS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i].strip()) {
                case "" -> { }
                case "--family" -> family = Pattern.compile(args[++i]);
                case "--export" -> export = Path.of(args[++i]);
                case "--series" -> perSeries = true;
                case "--out" -> keep = Path.of(args[++i]);
                case "--settings" -> settings = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8);
                default -> {
                    System.err.println("unknown option " + args[i] + "; expected --family REGEX, --series, --export DIR, --settings FILE, --out DIR");
                    System.exit(2);
                }
            }
        }
        quietGaps();
        long started = System.nanoTime();
        List<LabelledSeries> corpus = new ArrayList<>(GeneratedCorpus.all());
        corpus.addAll(RecordedCorpus.all());
        if (family != null) {
            Pattern f = family;
            corpus.removeIf(s -> !f.matcher(s.family()).find());
        }
        if (export != null) {
            export(corpus, export);
        }
        long generated = System.nanoTime();
        Map<String, boolean[]> firing = CorpusReplay.firing(corpus, settings, keep);
        long replayed = System.nanoTime();
        List<SeriesScore> scores = new ArrayList<>();
        long rows = 0;
        for (LabelledSeries s : corpus) {
            scores.add(SeriesScorer.score(s, firing.get(s.name())));
            rows += s.size();
        }
        ScoreTable table = new ScoreTable(scores);
        long declared = corpus.stream().filter(s -> s.traits().contains(Trait.DECLARED_BAD_NEVER_NORMAL)).count();
        System.out.printf(Locale.ROOT, "%d series, %d rows, replayed with `%s`%s%n%n", corpus.size(), rows,
                settings.strip().replace('\n', ';'), declared == 0 ? "" : String.format(Locale.ROOT,
                        " (%d of them, whose check declares it, also `%s`)", declared, CorpusReplay.DECLARATION.replace('\n', ';')));
        System.out.print(table.render());
        System.out.println();
        System.out.print(new Targets(scores).render());
        if (perSeries) {
            System.out.println();
            for (SeriesScore s : scores) {
                System.out.printf(Locale.ROOT, "%-28s %-16s pages %4d outside %4d windows %d/%d%s%n", s.series().name(),
                        s.series().family(), s.pages(), s.outside(), s.hits(), s.windows().size(),
                        s.series().traits().contains(Trait.PERIODIC_CLEAN) ? " after 3 cycles " + s.pagesAfterCycles() : "");
            }
        }
        System.out.printf(Locale.ROOT, "%nscored in %.1f s (generating and reading %.1f s, replay %.1f s)%n",
                (System.nanoTime() - started) / 1e9, (generated - started) / 1e9, (replayed - generated) / 1e9);
    }

    /**
     * Replay warns about every empty value as a gap; the corpus has many on purpose, and the table is
     * what this command is for.
     */
    private static void quietGaps() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            String tracker = io.watchtower.runtime.series.SeriesTracker.class.getName();
            context.addTurboFilter(new ch.qos.logback.classic.turbo.TurboFilter() {
                @Override
                public ch.qos.logback.core.spi.FilterReply decide(org.slf4j.Marker marker, ch.qos.logback.classic.Logger logger,
                                                                  ch.qos.logback.classic.Level level, String format,
                                                                  Object[] params, Throwable t) {
                    return logger.getName().equals(tracker) && !level.isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)
                            ? ch.qos.logback.core.spi.FilterReply.DENY : ch.qos.logback.core.spi.FilterReply.NEUTRAL;
                }
            });
        }
    }

    private static void export(List<LabelledSeries> corpus, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter labels = Files.newBufferedWriter(dir.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            labels.write("series,family,start,end,kind,sigma\n");
            for (LabelledSeries s : corpus) {
                SeriesCsv.write(s, dir.resolve(s.name() + ".csv"), true);
                for (Anomaly a : s.anomalies()) {
                    labels.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s%n", s.name(), s.family(), a.start() / 1000,
                            a.end() / 1000, a.kind(), Double.isNaN(a.sigma()) ? "" : String.format(Locale.ROOT, "%.2f", a.sigma())));
                }
            }
        }
    }
}
