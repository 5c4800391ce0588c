package io.watchtower.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.launcher.replay.ReplayInput;
import io.watchtower.runtime.config.BaselineSettingsReader;
import io.watchtower.runtime.config.ConfigProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code watchtower replay}: runs the production series pipeline over recorded {@code timestamp,value}
 * CSVs and writes, per input, {@code <name>.scores.csv} (one row per input row) and {@code <name>.svg}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded series (CSV timestamp,value; ISO-8601 or epoch seconds) through the detector.")
final class ReplayCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--settings", paramLabel = "FILE",
            description = "HOCON baseline settings, as in a check's `baseline { }` block")
    Path settings;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "replay-out", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--feedback", paramLabel = "FILE", description = "recorded feedback to apply (a daemon's"
            + " feedback/feedback.jsonl, one record a line): with one input every record applies to it; with several, a"
            + " record applies to the input named after its check (lag.csv) or its tower and check (db.lag.csv)")
    Path feedback;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "CSV files or directories of them")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        // replay prints its own summary; the daemon's per-signal log lines would drown it
        org.slf4j.Logger tracker = org.slf4j.LoggerFactory.getLogger(io.watchtower.runtime.series.SeriesTracker.class);
        if (tracker instanceof ch.qos.logback.classic.Logger) {
            ((ch.qos.logback.classic.Logger) tracker).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Config block = ConfigFactory.empty();
        List<ConfigProblem> problems = new ArrayList<>();
        if (settings != null) {
            try {
                block = ConfigFactory.parseFile(settings.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                System.err.println(settings + ": cannot parse: " + e.getMessage());
                return Main.EXIT_CONFIG;
            }
            if (block.hasPath("baseline") && block.root().size() == 1) {
                block = block.getConfig("baseline");
            }
            BaselineSettingsReader.read(block, "settings", DetectorSettings.defaults(), problems);
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println(p));
                return Main.EXIT_CONFIG;
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println(p));
            return Main.EXIT_CONFIG;
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (DirectoryStream<Path> csvs = Files.newDirectoryStream(input, "*.csv")) {
                    List<Path> sorted = new ArrayList<>();
                    csvs.forEach(sorted::add);
                    sorted.sort(null);
                    files.addAll(sorted);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                System.err.println(input + ": no such file or directory");
                return 2;
            }
        }
        // the same global settings a daemon without overrides judges with
        DetectorSettings global = BaselineSettingsReader.read(new io.watchtower.runtime.config.ConfigLoader(java.util.Map.of())
                .reference().getConfig("watchtower.baseline"), "watchtower.baseline", DetectorSettings.defaults(), problems);
        List<io.watchtower.runtime.signal.FeedbackRecord> answers = null;
        if (feedback != null) {
            try {
                answers = io.watchtower.runtime.journal.FeedbackLog.read(feedback);
            } catch (IOException e) {
                System.err.println(e.getMessage().startsWith(feedback.toString()) ? e.getMessage()
                        : feedback + ": " + e.getMessage());
                return 2;
            }
        }
        Files.createDirectories(out);
        Set<String> names = new HashSet<>();
        List<ReplayInput> jobs = new ArrayList<>();
        for (Path file : files) {
            String base = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
            String name = base;
            for (int i = 2; !names.add(name); i++) {
                name = base + "-" + i;
            }
            jobs.add(new ReplayInput(file, name, out, global, block, answers == null ? null
                    : forInput(answers, base, files.size())));
        }
        int threads = Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ReplayInput.Summary>> results = new ArrayList<>();
            for (ReplayInput job : jobs) {
                results.add(pool.submit(job::run));
            }
            int failed = 0;
            for (Future<ReplayInput.Summary> result : results) {
                try {
                    System.out.println(result.get().line());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    Throwable cause = e.getCause();
                    System.err.println(cause instanceof IOException ? cause.getMessage() : cause.toString());
                }
            }
            System.out.printf(Locale.ROOT, "%d input(s) replayed into %s%s%n", jobs.size() - failed, out,
                    failed > 0 ? ", " + failed + " failed" : "");
            return failed > 0 ? 1 : 0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the records that apply to the input named {@code base}: all of them when it is the only input */
    static List<io.watchtower.runtime.signal.FeedbackRecord> forInput(
            List<io.watchtower.runtime.signal.FeedbackRecord> answers, String base, int inputs) {
        if (inputs == 1) {
            return answers;
        }
        return answers.stream().filter(r -> base.equals(r.check()) || base.equals(r.tower() + "." + r.check())).toList();
    }
}
