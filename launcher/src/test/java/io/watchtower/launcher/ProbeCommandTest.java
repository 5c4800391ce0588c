package io.watchtower.launcher;

import io.watchtower.testkit.fixture.PostgresServer;
import io.watchtower.testkit.fixture.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code watchtower probe TOWER-ID -c FILE} against real servers: a throwaway PostgreSQL and Redis,
 * a port nobody listens on, a Redis user that may not run INFO.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeCommandTest {

    private static final String REDIS_PASSWORD = "sekr1t-redis-pass";

    private PostgresServer postgres;
    private RedisServer redis;
    @TempDir
    Path dir;

    /** What the command exited with and printed on each stream. */
    record Outcome(int exit, String out, String err) {
    }

    @BeforeAll
    void startServers() throws Exception {
        postgres = SharedPostgres.server();
        redis = RedisServer.builder().start();
        redis.cli("ACL", "SETUSER", "watchtower", "on", ">" + REDIS_PASSWORD, "+ping", "+info", "+llen", "+xlen",
                "+xinfo", "+xpending", "+client|setname", "+select", "~*");
        redis.cli("ACL", "SETUSER", "no-info", "on", ">" + REDIS_PASSWORD, "+ping", "+client|setname", "+select", "~*");
        // the first PostgreSQL and Redis connections of the JVM load the drivers' classes and start
        // the shared event loops: start-up that took 4.9 s of the redis probe's 5 s at load 30, and
        // that no test here measures (each probe command makes towers of its own)
        Path warmUp = Files.createTempDirectory("watchtower-probe-warm-up");
        probe("db", "-c", config(warmUp).toString());
        probe("cache", "-c", config(warmUp).toString());
    }

    @AfterAll
    void stopServers() {
        if (redis != null) {
            redis.close();
        }
    }

    private Path config() throws Exception {
        return config(dir);
    }

    private Path config(Path base) throws Exception {
        Path file = base.resolve("probe.conf");
        Files.writeString(file, "watchtower {\n"
                + "  state-dir = \"" + base.resolve("state") + "\"\n"
                + "  towers {\n"
                + "    db { type = postgres, component = orders-db, timeout = 5s,"
                + " servers = [\"127.0.0.1:" + postgres.port() + "\"], user = postgres }\n"
                + "    cache { type = redis-queue, servers = [\"127.0.0.1:" + redis.port() + "\"], username = watchtower,"
                + " password = \"" + REDIS_PASSWORD + "\", lists = [\"jobs-" + REDIS_PASSWORD + "\"] }\n"
                + "    refused { type = redis-queue, servers = [\"127.0.0.1:" + redis.port() + "\"], username = no-info,"
                + " password = \"" + REDIS_PASSWORD + "\" }\n"
                + "    gone { type = network-path, targets = [\"127.0.0.1:1\"], attempts = 2 }\n"
                + "  }\n"
                + "}\n");
        return file;
    }

    static Outcome probe(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 1];
            full[0] = "probe";
            System.arraycopy(args, 0, full, 1, args.length);
            int exit = Main.execute(full);
            return new Outcome(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aPostgresServerThatAnswersIsSeenWithTimingsGaugesAndCounterTotals() throws Exception {
        Outcome o = probe("db", "-c", config().toString());
        String target = "127.0.0.1:" + postgres.port();
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("tower db (postgres), component orders-db")
                .containsPattern("started \\S+Z, took [0-9.]+ ms, deadline \\S+Z \\(timeout 5000 ms at \\S+Z\\)")
                .contains("outcome: ok")
                .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target)
                        + " +connect_time +gauge +[0-9.]+ +milliseconds$")
                .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target) + " +role +state +primary$")
                .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target)
                        + "/postgres +deadlocks +counter +total \\d+ \\(a rate from the next probe on\\) +per-second$")
                .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target)
                        + "/postgres +rollbacks +ratio totals +\\d+ of \\d+ so far")
                .contains("saw everything (exit 0)");
    }

    @Test
    void aRedisServerIsSeenAndThePasswordIsMaskedWhereverItWouldShow() throws Exception {
        Outcome o = probe("cache", "-c", config().toString());
        String target = "127.0.0.1:" + redis.port();
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target) + " +ping_time +gauge ")
                .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(target)
                        + " +evictions +counter +total 0 \\(a rate from the next probe on\\) +per-second$")
                .contains(target + "/list:jobs-*** ")
                .contains("saw everything (exit 0)");
        assertThat(o.out() + o.err()).doesNotContain(REDIS_PASSWORD);
    }

    @Test
    void anUnreachableTargetExits1WithTheReason() throws Exception {
        Outcome o = probe("gone", "-c", config().toString());
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).containsPattern("(?m)^  127\\.0\\.0\\.1:1 +- +unreachable +connection refused")
                .containsPattern("(?m)^  127\\.0\\.0\\.1:1 +connect_failures +ratio +2 of 2 +ratio$")
                .contains("could not see 1 target (exit 1)");
    }

    @Test
    void aTowerThatCannotProbeExits2WithItsLogAndFailure() throws Exception {
        Outcome o = probe("refused", "-c", config().toString());
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(2);
        assertThat(o.out()).containsPattern("outcome: failed: IllegalStateException: Redis 127\\.0\\.0\\.1:\\d+ refused a read command: NOPERM")
                .contains("the probe failed (exit 2)");
        assertThat(o.out() + o.err()).doesNotContain(REDIS_PASSWORD);
    }

    @Test
    void anUnknownTowerIdExits64ListingTheConfiguredOnes() throws Exception {
        Outcome o = probe("dbb", "-c", config().toString());
        assertThat(o.exit()).isEqualTo(ProbeCommand.EXIT_UNKNOWN_TOWER).isEqualTo(64);
        assertThat(o.err()).contains("no tower \"dbb\" in " + config() + ": the configured towers are cache, db, gone, refused");
    }

    @Test
    void anInvalidConfigurationExits78NamingKeyAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), Files.readString(config())
                .replace("attempts = 2", "attempts = 0"));
        Outcome o = probe("gone", "-c", file.toString());
        assertThat(o.exit()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":7: watchtower.towers.gone.attempts: expected an integer between 1 and 100, got number 0");
    }
}
