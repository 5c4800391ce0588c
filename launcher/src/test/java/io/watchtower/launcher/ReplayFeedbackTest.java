package io.watchtower.launcher;

import io.watchtower.runtime.signal.FeedbackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code watchtower replay --feedback FILE}: the daemon's feedback records applied to a recorded series. */
class ReplayFeedbackTest {

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\S+): \\d+ rows, (\\d+) signal\\(s\\) fired, .*; with (\\d+) feedback answer\\(s\\) applied \\((\\d+) signal\\(s\\)"
                    + " without them\\)");

    /** Two weeks of minute samples of about 20 ms; from day 5 a nightly job lifts it by 40 ms from 06:00 to 06:20. */
    private static List<String> series(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 14 * 1440; i++) {
            double value = 20 + random.nextDouble() * 2;
            if (i >= 4 * 1440 && i % 1440 >= 360 && i % 1440 < 380) {
                value += 40;
            }
            lines.add(START.plusSeconds(60L * i) + "," + String.format(Locale.ROOT, "%.3f", value));
        }
        return lines;
    }

    /** The record the daemon keeps for an answer, written by the same code. */
    private static String record(String answer, String check, String at, String pageAt) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA, "id-" + answer + at, at, "db-1", "signal-1", "f", "db",
                "orders-db", check, "orders-db", answer, "oncall-1", "nightly batch job", null, pageAt, 61.0, 21.0,
                "known event expected").json();
    }

    @Test
    void anExpectedAnswerStopsTheRecurringPagesOfItsInputOnly(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("latency.csv"), series(1));
        Files.write(dir.resolve("other.csv"), series(1));
        Path feedback = dir.resolve("feedback.jsonl");
        Files.writeString(feedback, record("expected", "latency", "2026-03-06T06:30:00Z", "2026-03-06T06:02:00Z") + "\n");
        Run run = run("replay", "--out", dir.resolve("out").toString(), "--feedback", feedback.toString(),
                dir.resolve("latency.csv").toString(), dir.resolve("other.csv").toString());
        assertThat(run.exit).as(run.err).isZero();
        int[] latency = summary(run.out, "latency");
        int[] other = summary(run.out, "other");
        assertThat(latency[2]).as("answers applied to latency").isEqualTo(1);
        assertThat(other[2]).as("answers applied to other").isZero();
        assertThat(latency[3]).as("the nightly job pages without feedback").isGreaterThanOrEqualTo(3);
        assertThat(latency[1]).as("with the answer").isLessThan(latency[3]);
        assertThat(other[1]).as("the other input is judged without it").isEqualTo(other[3]).isEqualTo(latency[3]);
        System.out.println("replay-feedback " + run.out.lines().filter(l -> l.startsWith("latency")).findFirst().orElseThrow());
    }

    @Test
    void aFileThatIsNotFeedbackIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("latency.csv"), series(1).subList(0, 100));
        Path feedback = dir.resolve("feedback.jsonl");
        Files.writeString(feedback, record("noise", "latency", "2026-03-06T06:30:00Z", "2026-03-06T06:02:00Z") + "\n"
                + record("maybe", "latency", "2026-03-06T06:30:00Z", "2026-03-06T06:02:00Z") + "\n");
        Run run = run("replay", "--out", dir.resolve("out").toString(), "--feedback", feedback.toString(),
                dir.resolve("latency.csv").toString());
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains(feedback + " line 2", "answer must be useful, noise or expected");
    }

    private static int[] summary(String out, String name) {
        for (String line : out.split("\n")) {
            Matcher m = SUMMARY.matcher(line.strip());
            if (m.matches() && m.group(1).equals(name)) {
                return new int[] {0, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4))};
            }
        }
        throw new AssertionError("no summary of " + name + " in " + out);
    }

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
}
