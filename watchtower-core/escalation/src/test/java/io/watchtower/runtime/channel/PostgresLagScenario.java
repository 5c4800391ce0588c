package io.watchtower.runtime.channel;

import io.watchtower.baseline.Cause;
import io.watchtower.baseline.Confidence;
import io.watchtower.baseline.Transition;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.escalation.EscalationSettings;
import io.watchtower.runtime.escalation.Escalator;
import io.watchtower.runtime.escalation.FleetView;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.escalation.Topology;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Severity;
import io.watchtower.spi.Unit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A realistic PostgreSQL incident: Saturday 20:00, the orders-db replica falls behind (replication
 * lag 12.4 s against a usual 0.3 s), replay lag in bytes deviates too, the checkout service that
 * depends on orders-db is slow, and all three monitoring hosts see it. Signals are composed by the
 * real {@link SignalComposer} and escalated by the real {@link Escalator}.
 */
final class PostgresLagScenario {

    static final Instant SINCE = Instant.parse("2026-01-10T20:02:10Z");
    static final String TARGET = "db-primary:5432/replica:orders-replica-1";
    static final String RUNBOOK = "https://runbooks.example.com/postgres/replication-lag";

    final List<Notification> notifications = new ArrayList<>();
    final Signal lag;

    PostgresLagScenario() {
        SignalComposer composer = new SignalComposer("db-mon-1", "0.1.0");
        TowerInfo tower = new TowerInfo("pg-orders", "postgres", "orders-db", "", Map.of("team", "payments"));
        Check lagCheck = Check.gauge("replication_lag_seconds").unit(Unit.SECONDS).worseWhen(Direction.HIGHER)
                .severity(Severity.HIGH).runbook(RUNBOOK);
        List<Signal.Recent> recent = new ArrayList<>();
        double[] values = {0.3, 0.2, 0.4, 0.3, 2.1, 5.8, 9.6, 12.4};
        for (int i = 0; i < values.length; i++) {
            recent.add(new Signal.Recent(SINCE.minusSeconds(15L * (values.length - 1 - i) - 30).toString(), values[i],
                    null));
        }
        long at = SINCE.plusSeconds(30).toEpochMilli();
        Verdict v = new Verdict(at, 12.4, 0.3, 0.0, 1.2, 0.97, Confidence.READY, 2016, Cause.ANOMALY, true, false,
                Transition.FIRED, SINCE.toEpochMilli(), Cause.ANOMALY, "sat-20h", null, null, -1);
        lag = composer.compose(new SignalComposer.Transition(tower, new SeriesKey("pg-orders", TARGET,
                "replication_lag_seconds"), SeriesRole.CHECK, lagCheck, Severity.HIGH, v, true, SignalKind.ANOMALY,
                SINCE.toEpochMilli(), recent, context(),
                List.of(new Signal.Related("replay_lag_bytes", TARGET, 8.9e8, 2.1e6, 0.93)), RUNBOOK));
        Check bytesCheck = Check.gauge("replay_lag_bytes").unit(Unit.BYTES).worseWhen(Direction.HIGHER)
                .severity(Severity.MEDIUM).runbook(RUNBOOK);
        Verdict b = new Verdict(at, 8.9e8, 2.1e6, 0, 1.6e7, 0.93, Confidence.READY, 2016, Cause.ANOMALY, true, false,
                Transition.FIRED, SINCE.toEpochMilli(), Cause.ANOMALY, "sat-20h", null, null, -1);
        Signal bytes = composer.compose(new SignalComposer.Transition(tower, new SeriesKey("pg-orders", TARGET,
                "replay_lag_bytes"), SeriesRole.CHECK, bytesCheck, Severity.MEDIUM, b, true, SignalKind.ANOMALY,
                SINCE.toEpochMilli(), List.of(), Map.of(), List.of(), RUNBOOK));
        TowerInfo checkoutTower = new TowerInfo("checkout-http", "load-balancer", "checkout", "", Map.of());
        Check latency = Check.gauge("response_time").unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER)
                .severity(Severity.HIGH);
        Verdict c = new Verdict(at, 2400, 180, 90, 420, 0.95, Confidence.READY, 2016, Cause.ANOMALY, true, false,
                Transition.FIRED, SINCE.plusSeconds(20).toEpochMilli(), Cause.ANOMALY, "sat-20h", null, null, -1);
        Signal checkout = composer.compose(new SignalComposer.Transition(checkoutTower, new SeriesKey("checkout-http",
                "checkout.internal:443", "response_time"), SeriesRole.CHECK, latency, Severity.HIGH, c, true,
                SignalKind.ANOMALY, SINCE.plusSeconds(20).toEpochMilli(), List.of(), Map.of(), List.of(), ""));

        TestClock clock = new TestClock(SINCE.plusSeconds(30));
        FleetView fleet = (component, check) -> Optional.of(new FleetView.Picture(
                List.of("db-mon-1", "db-mon-2", "db-mon-3"), List.of("db-mon-1", "db-mon-2", "db-mon-3")));
        Escalator escalator = new Escalator(new EscalationSettings(Duration.ofSeconds(30), Duration.ofHours(4), 0.9,
                Duration.ofMinutes(30), "http://db-mon-1:9477/"), clock, null,
                new Topology(Map.of("checkout", List.of("orders-db"))), fleet, notifications::add);
        escalator.accept(checkout);
        escalator.accept(lag);
        escalator.accept(bytes);
        clock.advance(Duration.ofSeconds(30));
        escalator.tick();
    }

    /**
     * The tower's context in one order for every run: {@code Map.of}'s iteration order changes from
     * one JVM to the next, and the bodies compared byte for byte were recorded in this order.
     */
    private static Map<String, String> context() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("sync_state", "async");
        context.put("wal_receiver", "streaming");
        context.put("client_addr", "10.0.4.21");
        return context;
    }
}
