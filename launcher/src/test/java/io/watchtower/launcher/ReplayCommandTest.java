package io.watchtower.launcher;

import io.watchtower.launcher.replay.SeriesReplay;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTest {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** A day of minute samples with a daily swing, noise, and a 40-minute incident at 14:00. */
    private static List<String> series(long seed, boolean iso) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3 * 1440; i++) {
            Instant at = START.plusSeconds(60L * i);
            double hour = (i % 1440) / 60.0;
            double value = 20 + 5 * Math.sin(hour / 24 * 2 * Math.PI) + random.nextDouble() * 2;
            if (i >= 2 * 1440 + 14 * 60 && i < 2 * 1440 + 14 * 60 + 40) {
                value += 60;
            }
            lines.add((iso ? at.toString() : Long.toString(at.getEpochSecond())) + "," + String.format(java.util.Locale.ROOT, "%.3f", value));
        }
        return lines;
    }

    /** Exit status, standard output and standard error of one run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static int replay(String... args) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void writesOneScoreRowPerInputRowAndAChartPerInput(@TempDir Path dir) throws Exception {
        Path inputs = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 4; i++) {
            List<String> lines = new ArrayList<>(series(i, i % 2 == 0));
            if (i == 1) {
                lines.add(0, "timestamp,value");
                lines.add(200, lines.get(199));           // a duplicate timestamp
                lines.add(300, lines.get(299).split(",")[0] + ",");  // a missing value
            }
            Files.write(inputs.resolve("s" + i + ".csv"), lines);
        }
        Path out = dir.resolve("out");
        assertThat(replay("replay", "--out", out.toString(), inputs.toString())).isZero();
        for (int i = 0; i < 4; i++) {
            List<String> in = Files.readAllLines(inputs.resolve("s" + i + ".csv"));
            List<String> scores = Files.readAllLines(out.resolve("s" + i + ".scores.csv"));
            int dataRows = in.get(0).startsWith("timestamp") ? in.size() - 1 : in.size();
            assertThat(scores.get(0)).isEqualTo("timestamp,value,expected,lower,upper,score,confidence,firing");
            assertThat(scores).hasSize(dataRows + 1);
            for (int r = 1; r < scores.size(); r++) {
                assertThat(scores.get(r).split(",", -1)).hasSize(8);
                assertThat(scores.get(r).split(",")[0]).isEqualTo(in.get(in.size() - dataRows + r - 1).split(",")[0]);
            }
            assertThat(scores.stream().skip(1).filter(l -> l.endsWith(",1")).count())
                    .as("the incident in s%d fires", i).isBetween(30L, 60L);
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("s" + i + ".svg").toFile());
        }
    }

    @Test
    void isDeterministic(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("a.csv");
        Files.write(input, series(9, true));
        assertThat(replay("replay", "--out", dir.resolve("1").toString(), input.toString())).isZero();
        assertThat(replay("replay", "--out", dir.resolve("2").toString(), input.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("1/a.scores.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("2/a.scores.csv")));
        assertThat(Files.readAllBytes(dir.resolve("1/a.svg"))).isEqualTo(Files.readAllBytes(dir.resolve("2/a.svg")));
    }

    @Test
    void judgesExactlyAsTheDaemonDoes(@TempDir Path dir) throws Exception {
        List<String> lines = series(3, true);
        Path input = dir.resolve("series.csv");
        Files.write(input, lines);
        Path settings = dir.resolve("settings.conf");
        Files.writeString(settings, "threshold = 5\nminimum-delta = 2\nwarm-up = 60\nfire { after = 2, of = 3 }\n");
        assertThat(replay("replay", "--settings", settings.toString(), "--out", dir.resolve("out").toString(),
                input.toString())).isZero();
        List<String> scores = Files.readAllLines(dir.resolve("out/series.scores.csv"));

        TowerFactory gauge = new TowerFactory() {
            @Override
            public String type() {
                return "recorded";
            }

            @Override
            public String description() {
                return "replays a recording";
            }

            @Override
            public List<Check> checks() {
                return List.of(SeriesReplay.check());
            }

            @Override
            public Tower create(TowerContext context) {
                return out -> { };
            }

            @Override
            public int spiVersion() {
                return SpiVersion.CURRENT;
            }
        };
        String block = "interval = 60s\nchecks { value { baseline { threshold = 5, minimum-delta = 2, warm-up = 60, "
                + "fire { after = 2, of = 3 } } } }";
        List<Signal> daemonSignals = new ArrayList<>();
        try (TowerHarness h = TowerHarness.of(gauge, block, "", new FakeClock(START))) {
            for (int i = 0; i < lines.size(); i++) {
                double value = Double.parseDouble(lines.get(i).split(",")[1]);
                daemonSignals.addAll(h.report(out -> out.target(SeriesReplay.TARGET).gauge(SeriesReplay.CHECK, value)));
                var v = h.series(SeriesReplay.TARGET, SeriesReplay.CHECK).orElseThrow().last();
                String[] row = scores.get(i + 1).split(",", -1);
                assertThat(v.at()).isEqualTo(Instant.parse(row[0]).toEpochMilli());
                assertThat(row[7]).as("firing at row %d", i).isEqualTo(v.firing() ? "1" : "0");
                assertThat(Double.parseDouble(row[5])).as("score at row %d", i)
                        .isCloseTo(v.score(), org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(v.score())));
                if (Double.isFinite(v.expected())) {
                    assertThat(Double.parseDouble(row[2])).as("expected at row %d", i)
                            .isCloseTo(v.expected(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(v.expected()) + 1e-9));
                }
                assertThat(row[6]).isEqualTo(v.confidence().wireName());
            }
        }
        assertThat(daemonSignals.stream().filter(Signal::firing).count()).as("the incident fires in the daemon").isPositive();
    }

    @Test
    void judgesBothDirectionsUnlessTheSettingsSayOtherwise(@TempDir Path dir) throws Exception {
        // the day-three incident turned upside down: a drop of 60 where the recording has a rise
        List<String> lines = new ArrayList<>();
        for (String line : series(6, true)) {
            String[] parts = line.split(",");
            lines.add(parts[0] + "," + String.format(java.util.Locale.ROOT, "%.3f", 100 - Double.parseDouble(parts[1])));
        }
        Path input = dir.resolve("drop.csv");
        Files.write(input, lines);
        Run both = run("replay", "--out", dir.resolve("both").toString(), input.toString());
        assertThat(both.exit()).isZero();
        assertThat(both.out()).as(both.out()).doesNotContain(" 0 signal(s) fired");
        Path higher = dir.resolve("higher.conf");
        Files.writeString(higher, "worse-when = higher\n");
        Run onlyHigher = run("replay", "--settings", higher.toString(), "--out", dir.resolve("higher").toString(),
                input.toString());
        assertThat(onlyHigher.exit()).isZero();
        assertThat(onlyHigher.out()).as(onlyHigher.out()).contains(" 0 signal(s) fired");
    }

    /**
     * A consumer lag of a few entries for three days at one sample a minute, then stuck for eight
     * hours around 100 (the producer's rate still moves it a little), then caught up again.
     */
    private static List<String> stuckLag() {
        SplittableRandom random = new SplittableRandom(13);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < STUCK_UNTIL + 120; i++) {
            int lag = i >= STUCK_FROM && i < STUCK_UNTIL ? 100 + random.nextInt(6) : 2 + random.nextInt(7);
            lines.add(START.plusSeconds(60L * i).getEpochSecond() + "," + lag);
        }
        return lines;
    }

    private static final int STUCK_FROM = 3 * 1440;
    private static final int STUCK_UNTIL = STUCK_FROM + 8 * 60;

    /** @return the firing column of a score file, one entry per data row */
    private static boolean[] firing(Path scores) throws java.io.IOException {
        List<String> rows = Files.readAllLines(scores);
        boolean[] firing = new boolean[rows.size() - 1];
        for (int r = 1; r < rows.size(); r++) {
            firing[r - 1] = rows.get(r).endsWith(",1");
        }
        return firing;
    }

    /** @return the first row from {@code from} on, before the stuck lag ends, whose firing is {@code state}; else the end */
    private static int nextWhere(boolean[] firing, boolean state, int from) {
        int i = from;
        while (i < STUCK_UNTIL && firing[i] != state) {
            i++;
        }
        return i;
    }

    @Test
    void aStuckLagStaysFiringOnlyWhenTheSettingsDeclareBadNeverNormal(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("lag.csv");
        Files.write(input, stuckLag());
        Path declared = dir.resolve("declared.conf");
        Files.writeString(declared, "worse-when = both\nbad-never-normal = true\n");
        assertThat(replay("replay", "--settings", declared.toString(), "--out", dir.resolve("declared").toString(),
                input.toString())).isZero();
        assertThat(replay("replay", "--out", dir.resolve("undeclared").toString(), input.toString())).isZero();

        boolean[] held = firing(dir.resolve("declared").resolve("lag.scores.csv"));
        int paged = nextWhere(held, true, STUCK_FROM);
        assertThat(paged - STUCK_FROM).as("the declared lag pages within a few rows").isLessThanOrEqualTo(5);
        for (int i = paged; i < STUCK_UNTIL; i++) {
            assertThat(held[i]).as("declared: still firing %d min into the stuck lag", i - STUCK_FROM).isTrue();
        }
        assertThat(held[held.length - 1]).as("declared: resolved once the lag is back").isFalse();

        boolean[] undeclared = firing(dir.resolve("undeclared").resolve("lag.scores.csv"));
        int first = nextWhere(undeclared, true, STUCK_FROM);
        assertThat(first).as("undeclared: the stuck lag pages too").isLessThan(STUCK_UNTIL);
        int resolved = nextWhere(undeclared, false, first);
        assertThat(resolved).as("undeclared: the stuck lag is learned as normal and resolves while stuck")
                .isLessThan(STUCK_UNTIL);
    }

    @Test
    void badSettingsExit78NamingKeyAndLine(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("a.csv");
        Files.write(input, series(1, true).subList(0, 10));
        Path settings = dir.resolve("bad.conf");
        Files.writeString(settings, "threshold = 5\nthreshhold = 4\n");
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("replay", "--settings", settings.toString(), input.toString())).isEqualTo(78);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(settings + ":2: settings.threshhold: unknown key");

        Path notBoolean = dir.resolve("not-boolean.conf");
        Files.writeString(notBoolean, "worse-when = both\nbad-never-normal = sometimes\n");
        Run run = run("replay", "--settings", notBoolean.toString(), "--out", dir.resolve("out").toString(),
                input.toString());
        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.err()).contains(notBoolean + ":2: settings.bad-never-normal: expected true or false");
    }

    @Test
    void binaryJunkIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("junk.csv");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(String.join("\n", series(1, true).subList(0, 5)).getBytes(StandardCharsets.UTF_8));
        bytes.write('\n');
        bytes.write(new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, (byte) 0xfe, 0x00, '\n', 'x'});
        Files.write(input, bytes.toByteArray());
        Path out = dir.resolve("out");
        Run run = run("replay", "--out", out.toString(), input.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(input + ":6: not UTF-8 text").doesNotContain("Input length");
        assertThat(out.resolve("junk.scores.csv")).as("no truncated score file is left").doesNotExist();
        assertThat(out.resolve("junk.scores.csv.part")).doesNotExist();
        assertThat(out.resolve("junk.svg")).doesNotExist();
    }

    @Test
    void unreadableTimestampsAndValuesAreRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(series(2, true).subList(0, 20));
        lines.add(0, "timestamp,value");
        lines.set(7, "07/04/2013 00:00,12");
        Path badTime = dir.resolve("time.csv");
        Files.write(badTime, lines);
        Run time = run("replay", "--out", dir.resolve("out").toString(), badTime.toString());
        assertThat(time.exit()).isEqualTo(1);
        assertThat(time.err()).contains(badTime + ":8: unreadable timestamp \"07/04/2013 00:00\"");
        assertThat(time.out()).doesNotContain("signal(s) fired");

        lines = new ArrayList<>(series(2, true).subList(0, 20));
        lines.set(11, lines.get(11).split(",")[0] + ",12,5ms");
        lines.set(12, lines.get(12).split(",")[0] + ",twelve");
        Path badValue = dir.resolve("value.csv");
        Files.write(badValue, lines);
        Run value = run("replay", "--out", dir.resolve("out").toString(), badValue.toString());
        assertThat(value.exit()).isEqualTo(1);
        assertThat(value.err()).contains(badValue + ":13: unreadable value \"twelve\"");
        assertThat(dir.resolve("out/value.scores.csv")).doesNotExist();
    }

    @Test
    void timestampsOutOfOrderAreRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(series(4, false).subList(0, 50));
        lines.add(30, lines.get(10));  // line 31 goes back in time; a repeated timestamp (line 12 after 11) is fine
        lines.add(12, lines.get(11));
        Path input = dir.resolve("unsorted.csv");
        Files.write(input, lines);
        Run run = run("replay", "--out", dir.resolve("out").toString(), input.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(input + ":32: timestamp \"" + lines.get(31).split(",")[0]
                + "\" is earlier than line 31's: replay needs the rows in time order");
    }

    @Test
    void timestampsWithoutAZoneAreUtc(@TempDir Path dir) throws Exception {
        List<String> zoned = series(5, true);
        List<String> local = new ArrayList<>();
        for (int i = 0; i < zoned.size(); i++) {
            String[] parts = zoned.get(i).split(",");
            String t = parts[0].replace("Z", "");
            local.add((i % 2 == 0 ? t : t.replace('T', ' ')) + "," + parts[1]);
        }
        Files.write(dir.resolve("zoned.csv"), zoned);
        Files.write(dir.resolve("local.csv"), local);
        Run run = run("replay", "--out", dir.resolve("out").toString(), dir.resolve("zoned.csv").toString(),
                dir.resolve("local.csv").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("local: 4320 rows, [1-9][0-9]* signal\\(s\\) fired");
        List<String> a = Files.readAllLines(dir.resolve("out/zoned.scores.csv"));
        List<String> b = Files.readAllLines(dir.resolve("out/local.scores.csv"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 1; i < a.size(); i++) {
            assertThat(b.get(i).substring(b.get(i).indexOf(','))).as("row %d", i)
                    .isEqualTo(a.get(i).substring(a.get(i).indexOf(',')));
        }
        assertThat(Files.readString(dir.resolve("out/local.svg"))).contains(">2026-03-02T00:00:00Z<")
                .contains(">2026-03-04T23:59:00Z<");
    }

    @Test
    void millionsOfRowsReplayInASmallHeap(@TempDir Path dir) throws Exception {
        // the rows are streamed, not kept: 1.5 million rows in a 40 MiB heap (the rows alone would take ~200 MiB)
        int rows = 1_500_000;
        Path input = dir.resolve("big.csv");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(input)) {
            SplittableRandom random = new SplittableRandom(7);
            long t0 = START.getEpochSecond();
            for (int i = 0; i < rows; i++) {
                w.write(Long.toString(t0 + 60L * i));
                w.write(',');
                w.write(Integer.toString(20 + random.nextInt(3) + (i == 1_234_567 ? 500 : 0)));
                w.write('\n');
            }
        }
        Path out = dir.resolve("out");
        Path log = dir.resolve("replay.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "replay", "--out", out.toString(), input.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("replay finishes").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("big: " + rows + " rows");
        long lines;
        try (var s = Files.lines(out.resolve("big.scores.csv"))) {
            lines = s.count();
        }
        assertThat(lines).isEqualTo(rows + 1L);
        Path svg = out.resolve("big.svg");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(Files.size(svg)).as("the chart is bounded by its width, not the row count").isLessThan(200_000);
        assertThat(Files.readString(svg)).contains(rows + " rows");
    }
}
