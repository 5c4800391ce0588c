package io.watchtower.corpus;

import io.watchtower.launcher.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@code watchtower replay} over the corpus in-process, through the command line's own entry
 * point ({@link Main#execute}), so the series are judged by exactly the code and the settings
 * resolution a user's {@code watchtower replay --settings FILE} gets; then reads back the
 * {@code firing} column of each score file.
 */
public final class CorpusReplay {

    /** The one setting the corpus is replayed with, for every series. */
    public static final String SETTINGS = "worse-when = both\n";

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
            Path in = Files.createDirectories(dir.resolve("in"));
            Path out = keep != null ? keep : dir.resolve("out");
            Path conf = dir.resolve("settings.conf");
            Files.writeString(conf, settings, StandardCharsets.UTF_8);
            for (LabelledSeries s : series) {
                SeriesCsv.write(s, in.resolve(s.name() + ".csv"), false);
            }
            int exit = quietly(() -> Main.execute("replay", "--settings", conf.toString(), "--out", out.toString(),
                    in.toString()));
            if (exit != 0) {
                throw new IOException("watchtower replay exited with " + exit);
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
