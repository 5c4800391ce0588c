package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Start-up time of a daemon whose journal holds a long history: writes N journal lines (default
 * 1 000 000: 1 000 series, each firing and resolving in turn), opens the journal once (what the
 * first start after an upgrade does), then times {@code Daemon.start} three times and prints the
 * median. Registry cursors are set to the journal's end, so only start-up itself is measured. Not
 * a test: run it by hand (docs/operations.md has the command).
 */
public final class JournalStartupBenchmark {

    /** Lines written after the last rotation: about half a 64 MiB segment, the average case. */
    private static final int TAIL = 50_000;

    private JournalStartupBenchmark() {
    }

    private static void write(Path journal, int from, int to, Instant t0) throws java.io.IOException {
        try (BufferedWriter out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = from; i < to; i++) {
                int round = i / 1000;
                Instant since = t0.plusSeconds(60L * (round - round % 2));
                out.write(SignalJson.write(Signals.signal("bench-host", "component-" + (i % 1000), "latency",
                        round % 2 == 0 ? "firing" : "resolved", "high", 0.9, since, t0.plusSeconds(60L * round))));
                out.write('\n');
            }
        }
    }

    /** @param args the number of journal lines (default 1000000) */
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("journal-startup");
        try {
            Path journal = dir.resolve("state/journal/signals.jsonl");
            Files.createDirectories(journal.getParent());
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            long start = System.nanoTime();
            int tail = Math.min(lines, TAIL);
            write(journal, 0, lines - tail, t0);
            new SignalJournal(journal).close(); // a rotating journal rotates what it holds here
            write(journal, lines - tail, lines, t0);
            long bytes = 0;
            try (Stream<Path> files = Files.list(journal.getParent())) {
                bytes = files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                        .mapToLong(p -> p.toFile().length()).sum();
            }
            long prepared = System.nanoTime();
            Files.createDirectories(dir.resolve("state/registry"));
            for (String cursor : new String[] {"local-signals.cursor", "fleet-signals.cursor"}) {
                Files.writeString(dir.resolve("state/registry").resolve(cursor), Long.toString(bytes));
            }
            Path config = dir.resolve("bench.conf");
            Files.writeString(config, "watchtower {\n host = bench-host\n state-dir = \"" + dir.resolve("state")
                    + "\"\n api.listen = \"127.0.0.1:0\"\n channels = []\n towers {}\n}\n");
            double[] millis = new double[5];
            for (int i = 0; i < millis.length; i++) {
                long s = System.nanoTime();
                try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                        TowerClock.system(), Map.of())) {
                    millis[i] = (System.nanoTime() - s) / 1e6;
                }
            }
            Arrays.sort(millis);
            long kept;
            try (Stream<Path> files = Files.list(journal.getParent())) {
                kept = files.mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("%d journal lines (%.1f MiB written, %.1f MiB kept in journal/), prepared in %.1f s;"
                    + " Daemon.start: median %.0f ms (runs %s ms)%n", lines, bytes / 1048576.0,
                    kept / 1048576.0, (prepared - start) / 1e9, millis[2],
                    Arrays.toString(Arrays.stream(millis).mapToLong(Math::round).toArray()));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
