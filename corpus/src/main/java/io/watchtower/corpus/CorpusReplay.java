package io.watchtower.corpus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.watchtower.launcher.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@code watchtower replay} over the corpus in-process, through the command line's own entry
 * point ({@link Main#execute}), so the series are judged by exactly the code and the settings
 * resolution a user's {@code watchtower replay --settings FILE} gets; then reads back the
 * {@code firing} column of each score file. Series are replayed in one run per distinct settings
 * block: the corpus' one setting, plus {@link #DECLARATION} for series whose check declares it.
 */
public final class CorpusReplay {

    /**
     * The one setting the corpus is replayed with, for every series; series with
     * {@link Trait#DECLARED_BAD_NEVER_NORMAL} get {@link #DECLARATION} on top of it.
     */
    public static final String SETTINGS = "worse-when = both\n";

    /**
     * What a series whose check declares that bad is never normal is replayed with on top of the
     * corpus' setting: the check's declaration, as the daemon resolves it — worse when higher (a lag,
     * a backlog, lock waiters), and never learned as normal while bad.
     */
    public static final String DECLARATION = "worse-when = higher\nbad-never-normal = true";

    private CorpusReplay() {
    }

    /**
     * @param series the series to replay (names unique)
     * @param settings the HOCON baseline block to replay with
     * @return per series name, the firing state after each row
     * @throws IOException when files cannot be written or read, or replay fails
     */
    public static Map<String, boolean[]> firing(List<LabelledSeries> series, String settings) throws IOException {
        return firing(series, settings, null);
    }

    /**
     * As {@link #firing(List, String)}, keeping replay's outputs (score files and charts) in
     * {@code keep} when it is not null.
     */
    public static Map<String, boolean[]> firing(List<LabelledSeries> series, String settings, Path keep)
            throws IOException {
        Path dir = Files.createTempDirectory("watchtower-corpus");
        try {
            Path out = keep != null ? keep : dir.resolve("out");
            Map<String, List<LabelledSeries>> bySettings = new LinkedHashMap<>();
            for (LabelledSeries s : series) {
                bySettings.computeIfAbsent(settingsFor(s, settings), k -> new ArrayList<>()).add(s);
            }
            int run = 0;
            for (Map.Entry<String, List<LabelledSeries>> group : bySettings.entrySet()) {
                Path in = Files.createDirectories(dir.resolve("in-" + run));
                Path conf = dir.resolve("settings-" + run + ".conf");
                run++;
                Files.writeString(conf, group.getKey(), StandardCharsets.UTF_8);
                for (LabelledSeries s : group.getValue()) {
                    SeriesCsv.write(s, in.resolve(s.name() + ".csv"), false);
                }
                int exit = quietly(() -> Main.execute("replay", "--settings", conf.toString(), "--out", out.toString(),
                        in.toString()));
                if (exit != 0) {
                    throw new IOException("watchtower replay exited with " + exit + " (settings: "
                            + group.getKey().strip().replace('\n', ';') + ")");
                }
            }
            Map<String, boolean[]> firing = new LinkedHashMap<>();
            for (LabelledSeries s : series) {
                firing.put(s.name(), read(out.resolve(s.name() + ".scores.csv"), s.size()));
            }
            return firing;
        } finally {
            delete(dir);
        }
    }

    /**
     * @param series a series
     * @param settings the HOCON baseline block the corpus is replayed with
     * @return the settings this series is replayed with: {@code settings}, followed by
     *     {@link #DECLARATION} when its check declares that bad is never normal. The declaration has
     *     the last word, as a check's declaration overrides the global baseline block in the daemon:
     *     the corpus' one setting ({@code worse-when = both}) stands for what a recorded series without
     *     a declaration is judged with, not for a declared check.
     */
    public static String settingsFor(LabelledSeries series, String settings) {
        if (!series.traits().contains(Trait.DECLARED_BAD_NEVER_NORMAL)) {
            return settings;
        }
        Config parsed = ConfigFactory.parseString(settings);
        boolean wrapped = parsed.hasPath("baseline") && parsed.root().size() == 1;
        String declaration = wrapped ? "baseline." + DECLARATION.replace("\n", "\nbaseline.") : DECLARATION;
        return settings + (settings.isEmpty() || settings.endsWith("\n") ? "" : "\n") + declaration + "\n";
    }

    private static boolean[] read(Path scores, int rows) throws IOException {
        boolean[] firing = new boolean[rows];
        try (BufferedReader r = Files.newBufferedReader(scores, StandardCharsets.UTF_8)) {
            String line = r.readLine();  // header
            int i = 0;
            while ((line = r.readLine()) != null) {
                if (i == rows) {
                    throw new IOException(scores + ": more score rows than the " + rows + " input rows");
                }
                firing[i++] = line.charAt(line.length() - 1) == '1';
            }
            if (i != rows) {
                throw new IOException(scores + ": " + i + " score rows for " + rows + " input rows");
            }
        }
        return firing;
    }

    /** Runs the command with its per-input summary lines (standard output) discarded. */
    private static int quietly(java.util.function.IntSupplier command) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            return command.getAsInt();
        } finally {
            System.setOut(original);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
