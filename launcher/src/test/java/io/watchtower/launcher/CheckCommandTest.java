package io.watchtower.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code watchtower check}: exit 0 on a valid configuration, 78 with key and file:line otherwise. */
class CheckCommandTest {

    /** What a command exited with and printed. */
    record Outcome(int exit, String out) {
    }

    /** Runs {@code watchtower check -c FILE} in this JVM, capturing standard output. */
    static Outcome check(Path file) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.execute("check", "-c", file.toString());
            return new Outcome(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static final String VALID = "watchtower {\n"
            + "  state-dir = \"/tmp/wt\"\n"
            + "  towers {\n"
            + "    app { type = network-path, component = app, interval = 15s, targets = [\"127.0.0.1:5432\"] }\n"
            + "  }\n"
            + "}\n";

    @Test
    void aValidConfigurationExitsZero(@TempDir Path dir) throws Exception {
        Outcome o = check(write(dir, "ok.conf", VALID));
        assertThat(o.exit()).as(o.out()).isZero();
        assertThat(o.out()).contains("valid, 1 tower(s)");
    }

    @Test
    void anUnknownKeyExits78NamingKeyFileAndLine(@TempDir Path dir) throws Exception {
        Path file = write(dir, "unknown.conf", VALID.replace("  state-dir", "  api.lisen = \"x\"\n  state-dir"));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":2: watchtower.api.lisen: unknown key");
    }

    @Test
    void aDependencyCycleExits78NamingTheDependsOnAndItsLine(@TempDir Path dir) throws Exception {
        Path file = write(dir, "cycle.conf", "watchtower {\n"
                + "  state-dir = \"/tmp/wt\"\n"
                + "  towers {\n"
                + "    a { type = network-path, targets = [\"127.0.0.1:5432\"], depends-on = [b] }\n"
                + "    b { type = network-path, targets = [\"127.0.0.1:5433\"], depends-on = [a] }\n"
                + "  }\n"
                + "}\n");
        Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":5: watchtower.towers.b.depends-on: dependency cycle b -> a -> b");
    }

    @Test
    void anAbsurdIntervalExits78WithTheExpectedRange(@TempDir Path dir) throws Exception {
        Path file = write(dir, "interval.conf", VALID.replace("interval = 15s", "interval = 999999999999999d"));
        Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.towers.app.interval: must be at most 1d: expected a"
                + " duration from 1s to 1d, got \"999999999999999d\"");
    }

    @Test
    void anUnknownTowerSettingExits78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "tower-key.conf", VALID.replace("targets =", "tragets = [], targets ="));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.towers.app.tragets: unknown key");
    }

    @Test
    void aWrongTypeExits78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "type.conf", VALID.replace("targets = [\"127.0.0.1:5432\"]", "targets = 42"));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.towers.app.targets: expected a list of strings");
    }

    @Test
    void aMissingRequiredKeyExits78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "missing.conf", VALID.replace(", targets = [\"127.0.0.1:5432\"]", ""));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.towers.app.targets: is required");
    }

    @Test
    void aBadDurationExits78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "duration.conf", VALID.replace("interval = 15s", "interval = 15 parsecs"));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.towers.app.interval: expected a duration such as 500ms, 15s or 2m");
    }

    @Test
    void anIntervalBelowOneSecondExits78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "short.conf", VALID.replace("interval = 15s", "interval = 200ms"));
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains("watchtower.towers.app.interval: must be at least 1000 ms");
    }

    @Test
    void aSyntaxErrorExits78WithTheLine(@TempDir Path dir) throws Exception {
        Path file = write(dir, "syntax.conf", "watchtower {\n  towers {\n    app { type = \n}\n");
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file.toString()).contains("cannot parse");
    }

    @Test
    void severalProblemsAreAllReportedOnePerLine(@TempDir Path dir) throws Exception {
        Path file = write(dir, "many.conf", "watchtower {\n  bogus = 1\n  towers {\n    a { type = nope }\n"
                + "    b { type = network-path, interval = soon, targets = [\"x:1\"] }\n  }\n}\n");
        Outcome o = check(file);
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out().lines()).anyMatch(l -> l.startsWith(file + ":2: watchtower.bogus: unknown key"))
                .anyMatch(l -> l.startsWith(file + ":5: watchtower.towers.b.interval: expected a duration"));
    }
}
