package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.CHECK_FAILURES;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.HTTP_5XX;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.QUEUE;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.SERVERS_DOWN;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.SERVER_STATE;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.SESSION_UTILIZATION;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.STATS_TIME;

/**
 * HAProxy's own view of its backends, read from the stats CSV (over HTTP or the runtime API
 * socket). Targets: {@code haproxy} (the stats source), {@code backend} and {@code backend/server}.
 * Counters (responses, 5xx, health-check failures) are reported as the totals HAProxy keeps; the
 * core turns them into ratios and rates and treats a total that went backwards (a reload) as a reset.
 */
final class HaproxyView {

    static final String TARGET = "haproxy";
    private static final int MAX_CSV_BYTES = 8 << 20;

    private final URI statsUrl;
    private final String authorization;
    private final RuntimeSocket socket;
    private final Path configFile;
    private final TowerClock clock;

    /** @return the stats page URL, or null when the runtime API socket is used */
    URI statsUrl() {
        return statsUrl;
    }

    HaproxyView(URI statsUrl, String authorization, RuntimeSocket socket, Path configFile, TowerClock clock) {
        this.statsUrl = statsUrl;
        this.authorization = authorization;
        this.socket = socket;
        this.configFile = configFile;
        this.clock = clock;
    }

    void observe(Observations out, HttpFetcher http, Duration timeout) throws InterruptedException {
        TargetObservations source = out.target(TARGET);
        long started = clock.nanoTime();
        String csv;
        if (socket != null) {
            source.context("source", "runtime API " + socket);
            try {
                csv = socket.showStat(timeout, MAX_CSV_BYTES);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                source.unreachable("runtime API " + socket + ": " + ExchangeHandler.describe(e));
                return;
            }
        } else {
            source.context("source", statsUrl.toString());
            Exchange e = http.fetch(statsUrl, HttpMethod.GET, null, MAX_CSV_BYTES, true, timeout, authorization);
            if (e.failure() != null || e.status() != 200 || e.capped()) {
                source.unreachable("stats " + statsUrl + ": " + (e.failure() != null ? e.failure()
                        : e.capped() ? "larger than " + MAX_CSV_BYTES + " bytes" : "HTTP " + e.status()));
                return;
            }
            csv = e.text();
        }
        double millis = (clock.nanoTime() - started) / 1e6;
        List<StatRow> rows;
        try {
            rows = StatRow.parse(csv);
        } catch (IllegalArgumentException e) {
            source.unreachable(e.getMessage());
            return;
        }
        source.gauge(STATS_TIME, millis);
        report(out, rows);
    }

    private void report(Observations out, List<StatRow> rows) {
        Map<String, TreeSet<String>> frontends = configFile == null ? Map.of() : FrontendMap.read(configFile);
        Map<String, List<StatRow>> serversByBackend = new LinkedHashMap<>();
        Map<String, StatRow> backends = new LinkedHashMap<>();
        for (StatRow row : rows) {
            if (row.type() == StatRow.SERVER) {
                serversByBackend.computeIfAbsent(row.proxy(), k -> new ArrayList<>()).add(row);
            } else if (row.type() == StatRow.BACKEND) {
                backends.put(row.proxy(), row);
            }
        }
        for (Map.Entry<String, List<StatRow>> e : serversByBackend.entrySet()) {
            String backend = e.getKey();
            String served = frontends.containsKey(backend) ? String.join(", ", frontends.get(backend)) : null;
            List<String> down = new ArrayList<>();
            for (StatRow server : e.getValue()) {
                TargetObservations t = out.target(server.key());
                t.context("backend", backend).context("server", server.service()).context("status", server.status());
                if (served != null) {
                    t.context("frontends", served);
                }
                if (!server.checkStatus().isEmpty()) {
                    t.context("check", server.checkStatus() + (server.lastCheck().isEmpty() ? "" : " " + server.lastCheck()));
                }
                String state = server.state();
                t.state(SERVER_STATE, state);
                if (state.equals("DOWN")) {
                    down.add(server.service() + (server.checkStatus().isEmpty() ? "" : " (" + server.checkStatus()
                            + (server.lastCheck().isEmpty() ? "" : ": " + server.lastCheck()) + ")"));
                }
                counters(t, server);
            }
            TargetObservations b = out.target(backend);
            b.context("backend", backend);
            if (served != null) {
                b.context("frontends", served);
            }
            b.gauge(SERVERS_DOWN, down.size());
            b.context("servers", Integer.toString(e.getValue().size()));
            if (!down.isEmpty()) {
                b.context("down", String.join("; ", down));
            }
            StatRow row = backends.get(backend);
            if (row != null) {
                b.context("status", row.status());
                counters(b, row);
            }
        }
    }

    private static void counters(TargetObservations t, StatRow row) {
        t.gauge(QUEUE, row.queue());
        if (row.sessionLimit() > 0) {
            t.gauge(SESSION_UTILIZATION, (double) row.sessions() / row.sessionLimit());
        }
        t.ratioTotals(HTTP_5XX, row.responses5xx(), row.responses());
        t.counter(CHECK_FAILURES, row.checkFailures());
    }

    @Override
    public String toString() {
        return socket != null ? "runtime API " + socket : "stats " + statsUrl;
    }
}
