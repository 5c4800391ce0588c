package io.watchtower.launcher;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.time.Await;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import io.watchtower.testkit.fixture.PostgresServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Query latency of a large fleet registry through the API: 10 000 towers (1 000 hosts × 10) ×
 * 20 checks, three season buckets per series (600 000 baseline rows), 100 000 signal
 * transitions over 90 days, 2 000 components. Prints p50/p95/p99/max of
 * {@code /api/v1/baselines?component=} and {@code /api/v1/components/{c}/timeline} for random
 * components, measured from an HTTP client on the same machine. Not a test: run it by hand
 * (docs/api.md has the command).
 */
public final class RegistryBenchmark {

    private static final int HOSTS = 1000;
    private static final int TOWERS_PER_HOST = 10;
    private static final int CHECKS = 20;
    private static final int COMPONENTS = 2000;
    private static final int SIGNALS = 100_000;
    private static final int WARMUP = 500;
    private static final int REQUESTS = 5000;

    private RegistryBenchmark() {
    }

    /** @param args ignored */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("registry-benchmark");
        try (PostgresServer pg = PostgresServer.builder().setting("shared_buffers", "128MB").start()) {
            pg.psql("postgres", "CREATE DATABASE registry");
            int apiPort = Ports.free();
            Path file = dir.resolve("bench.conf");
            Files.writeString(file, "watchtower {\n  host = \"bench-host\"\n  state-dir = \"" + dir.resolve("state") + "\"\n"
                    + "  api.listen = \"127.0.0.1:" + apiPort + "\"\n  api.rate-limit { per-second = 1000000, burst = 1000000 }\n"
                    + "  channels = []\n  registry { heartbeat-interval = 10s, postgres { url = \"" + pg.jdbcUrl("registry")
                    + "\", user = postgres } }\n  towers {}\n}\n");
            DaemonConfig config = new ConfigLoader(System.getenv()).load(file);
            Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
            try {
                Await.until("the fleet registry is up", Duration.ofSeconds(60),
                        () -> daemon.exposure().registry().fleetUp());
                long t0 = System.nanoTime();
                populate(pg);
                System.out.printf(Locale.ROOT, "populated in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                        pg.psql("registry", "SELECT (SELECT count(*) FROM towers) || ' towers, ' || (SELECT count(*) FROM baselines)"
                                + " || ' baseline rows, ' || (SELECT count(*) FROM signals) || ' signals, '"
                                + " || pg_size_pretty(pg_database_size('registry'))"));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://127.0.0.1:" + apiPort;
                measure(http, base, "baselines?component=", c -> "/api/v1/baselines?component=component-" + c, 100);
                measure(http, base, "components/{c}/timeline", c -> "/api/v1/components/component-" + c + "/timeline",
                        SIGNALS / COMPONENTS);
            } finally {
                daemon.close();
            }
        }
    }

    private static void populate(PostgresServer pg) {
        int towers = HOSTS * TOWERS_PER_HOST;
        pg.psql("registry", "INSERT INTO towers SELECT 'host-' || (t / " + TOWERS_PER_HOST + "), 'tower-' || (t % "
                + TOWERS_PER_HOST + "), 'postgres', 'component-' || (t % " + COMPONENTS + "), '0.1.0', md5(t::text),"
                + " now() - interval '30 days', now(), 86400000 FROM generate_series(0, " + (towers - 1) + ") t");
        pg.psql("registry", "INSERT INTO baselines SELECT 'host-' || (t / " + TOWERS_PER_HOST + "),"
                + " 'tower-' || (t % " + TOWERS_PER_HOST + ") || '/db/check_' || c, 'tower-' || (t % " + TOWERS_PER_HOST + "),"
                + " 'db', 'check_' || c, 'component-' || (t % " + COMPONENTS + "), 'milliseconds', b,"
                + " 10 + c, 8 + c, 12 + c, 10.5 + c, 'ready', 5000, now() - interval '30 days',"
                + " now() - (b = 'global')::int * interval '1 minute' - random() * interval '1 hour', 1"
                + " FROM generate_series(0, " + (towers - 1) + ") t, generate_series(0, " + (CHECKS - 1) + ") c,"
                + " unnest(ARRAY['global', 'mon-09h', 'sat-20h']) b");
        String body = "{\"schema\":\"watchtower.signal/v1\",\"id\":\"ID\",\"fingerprint\":\"0123456789abcdef\","
                + "\"tower\":{\"id\":\"tower-1\",\"type\":\"postgres\",\"host\":\"host-1\",\"version\":\"0.1.0\"},"
                + "\"component\":\"COMPONENT\",\"target\":\"db\",\"check\":\"replication_lag_seconds\",\"kind\":\"anomaly\","
                + "\"state\":\"firing\",\"severity\":\"high\",\"observed\":12.4,\"unit\":\"seconds\",\"baseline\":{\"expected\":0.3,"
                + "\"lower\":0,\"upper\":1.2,\"method\":\"seasonal-median-mad\",\"samples\":20160,\"confidence\":\"ready\","
                + "\"season_bucket\":\"sat-20h\"},\"score\":0.97,\"since\":\"2026-11-21T20:00:00Z\",\"at\":\"2026-11-21T20:00:45Z\","
                + "\"summary\":\"Replication lag 12.4 s is 41x the usual 0.3 s for Saturday 20:00 (usual band 0-1.2 s)\","
                + "\"recent\":[{\"at\":\"2026-11-21T20:00:15Z\",\"value\":8.1},{\"at\":\"2026-11-21T20:00:30Z\",\"value\":10.9},"
                + "{\"at\":\"2026-11-21T20:00:45Z\",\"value\":12.4}],\"context\":{},\"related\":[],\"runbook\":\"\","
                + "\"labels\":{},\"flapping\":false}";
        pg.psql("registry", "INSERT INTO signals SELECT md5(s::text), 'host-' || (s % " + HOSTS + "), 'tower-' || (s % "
                + TOWERS_PER_HOST + "), 'component-' || (s % " + COMPONENTS + "), 'replication_lag_seconds', 'anomaly',"
                + " CASE WHEN s % 2 = 0 THEN 'firing' ELSE 'resolved' END, 'high', substr(md5((s / 2)::text), 1, 16),"
                + " now() - (s * interval '77 seconds'),"
                + " 'Replication lag 12.4 s is 41x the usual 0.3 s for Saturday 20:00 (usual band 0-1.2 s)', replace(replace('" + body + "', 'ID', md5(s::text)), 'COMPONENT',"
                + " 'component-' || (s % " + COMPONENTS + ")) FROM generate_series(0, " + (SIGNALS - 1) + ") s");
        pg.psql("registry", "VACUUM ANALYZE");
    }

    private static void measure(HttpClient http, String base, String name, java.util.function.IntFunction<String> path,
                                int expectedItems) throws Exception {
        Random random = new Random(42);
        long[] nanos = new long[REQUESTS];
        long bytes = 0;
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.apply(random.nextInt(COMPONENTS)))).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200 || response.body().contains("\"partial\":true")) {
                throw new IllegalStateException(name + " answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= WARMUP) {
                nanos[i - WARMUP] = took;
                bytes += response.body().length();
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-26s %d requests (~%d items, %d bytes each): p50 %.2f ms, p95 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms%n", name, REQUESTS, expectedItems, bytes / REQUESTS,
                nanos[REQUESTS / 2] / 1e6, nanos[(int) (REQUESTS * 0.95)] / 1e6, nanos[(int) (REQUESTS * 0.99)] / 1e6,
                nanos[REQUESTS - 1] / 1e6);
    }
}
