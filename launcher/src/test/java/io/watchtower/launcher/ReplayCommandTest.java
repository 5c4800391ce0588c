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
                lines.add(100, "not-a-time,12");
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
    }
}
