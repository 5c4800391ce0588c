package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grouping, dedup, repeat, resolution, severity, silences, topology and fleet — all on a test clock. */
class EscalatorTest {

    private static final Instant T0 = Instant.parse("2026-01-10T20:00:00Z");
    private static final EscalationSettings SETTINGS = new EscalationSettings(Duration.ofSeconds(30),
            Duration.ofHours(1), 0.9, Duration.ofMinutes(30), "");

    @TempDir
    Path dir;
    private TestClock clock;
    private SilenceStore silences;
    private final List<Notification> sent = new ArrayList<>();
    private final List<String> audit = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new TestClock(T0);
        silences = new SilenceStore(dir.resolve("silences.json"), clock,
                (who, action, details) -> audit.add(who + " " + action + " " + details));
    }

    private Escalator escalator(Topology topology, FleetView fleet) {
        return escalator(SETTINGS, topology, fleet);
    }

    private Escalator escalator(EscalationSettings settings, Topology topology, FleetView fleet) {
        return new Escalator(settings, clock, silences, topology, fleet, n -> {
            WireSchema.assertValid(n.json());
            assertThat(Notification.read(n.json())).isEqualTo(n);
            sent.add(n);
        });
    }

    private Escalator escalator() {
        return escalator(Topology.none(), FleetView.SINGLE_HOST);
    }

    private Signal fire(String component, String check, String severity, double score) {
        return Signals.firing(component, check, severity, score, clock.now(), clock.now());
    }

    private void advance(Escalator e, Duration d) {
        clock.advance(d);
        e.tick();
    }

    @Test
    void checksOfOneComponentFiringWithinGroupWaitMakeOneNotificationLedByTheMostSevere() {
        Escalator e = escalator();
        Signal wal = fire("orders-db", "wal_receiver_lag", "medium", 0.6);
        e.accept(wal);
        clock.advance(Duration.ofSeconds(5));
        Signal lag = fire("orders-db", "replication_lag", "high", 0.6);
        e.accept(lag);
        advance(e, Duration.ofSeconds(24));
        assertThat(sent).as("still collecting during group-wait").isEmpty();
        advance(e, Duration.ofSeconds(1));
        assertThat(sent).hasSize(1);
        Notification n = sent.get(0);
        assertThat(n.reason()).isEqualTo("firing");
        assertThat(n.id()).isEqualTo(lag.id());
        assertThat(n.signal().check()).isEqualTo("replication_lag");
        assertThat(n.group()).extracting(Member::check).containsExactly("replication_lag", "wal_receiver_lag");
        assertThat(n.escalation().routeSeverity()).isEqualTo("high");
    }

    @Test
    void duplicatesAndRefiringsOfAFiringFingerprintDoNotPageAgain() {
        Escalator e = escalator();
        Signal lag = fire("orders-db", "replication_lag", "high", 0.6);
        e.accept(lag);
        advance(e, Duration.ofSeconds(30));
        e.accept(lag);
        clock.advance(Duration.ofSeconds(10));
        e.accept(Signals.firing("orders-db", "replication_lag", "high", 0.6, clock.now(), clock.now()));
        advance(e, Duration.ofMinutes(5));
        assertThat(sent).hasSize(1);
    }

    @Test
    void aLongFiringGroupRepeatsWithNewIdsAndResolvesOnce() {
        Escalator e = escalator(new EscalationSettings(Duration.ofSeconds(30), Duration.ofHours(1), 0.9,
                Duration.ofDays(1), ""), Topology.none(), FleetView.SINGLE_HOST);
        Signal lag = fire("orders-db", "replication_lag", "high", 0.6);
        e.accept(lag);
        advance(e, Duration.ofSeconds(30));
        advance(e, Duration.ofMinutes(59));
        assertThat(sent).hasSize(1);
        advance(e, Duration.ofMinutes(1));
        assertThat(sent).hasSize(2);
        Notification repeat = sent.get(1);
        assertThat(repeat.reason()).isEqualTo("repeat");
        assertThat(repeat.id()).isNotEqualTo(lag.id());
        assertThat(repeat.signal().id()).isEqualTo(lag.id());
        advance(e, Duration.ofHours(1));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).id()).isNotIn(lag.id(), repeat.id());

        Signal resolved = Signals.resolved(lag, clock.now());
        e.accept(resolved);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).hasSize(4);
        assertThat(sent.get(3).reason()).isEqualTo("resolved");
        assertThat(sent.get(3).id()).isEqualTo(resolved.id());
        assertThat(sent.get(3).escalation().routeSeverity()).as("routed where the firing went").isEqualTo("high");
        advance(e, Duration.ofHours(5));
        assertThat(sent).as("nothing after the group resolved").hasSize(4);
    }

    @Test
    void aFiringThatResolvesWithinGroupWaitIsNeverPaged() {
        Escalator e = escalator();
        Signal blip = fire("orders-db", "connections", "medium", 0.6);
        e.accept(blip);
        clock.advance(Duration.ofSeconds(10));
        e.accept(Signals.resolved(blip, clock.now()));
        advance(e, Duration.ofMinutes(5));
        assertThat(sent).isEmpty();
    }

    @Test
    void severityRisesWithTheScoreAndWithHowLongItFires() {
        Escalator e = escalator();
        Signal weak = fire("cache", "hit_ratio", "medium", 0.6);
        Signal strong = fire("queue", "depth", "medium", 0.95);
        e.accept(weak);
        e.accept(strong);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(n -> n.signal().component() + "=" + n.signal().severity().wireName())
                .containsExactlyInAnyOrder("cache=medium", "queue=high");
        assertThat(sent).allMatch(n -> n.escalation().declaredSeverity().equals("medium"));
        sent.clear();
        advance(e, Duration.ofMinutes(30));
        assertThat(sent).extracting(n -> n.signal().component() + " " + n.reason() + " " + n.signal().severity().wireName())
                .containsExactlyInAnyOrder("cache escalated high", "queue escalated critical");
        assertThat(sent).allMatch(n -> !n.id().equals(n.signal().id()));
    }

    @Test
    void aForwardStepOfTheWallClockNeitherRepagesNorEscalatesAFreshFiring() {
        Escalator e = escalator();
        Signal lag = fire("orders-db", "replication_lag", "medium", 0.6);
        e.accept(lag);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).escalation().firingFor()).isEqualTo(30);

        clock.stepWall(Duration.ofDays(2)); // NTP or an operator corrects a clock that was two days behind
        e.tick();
        advance(e, Duration.ofSeconds(5));
        assertThat(sent).as("a 35-second-old firing is neither repeated nor escalated").hasSize(1);
        assertThat(e.groups().get(0).firing()).extracting(Member::severity).containsExactly("medium");

        // it escalates once it has really fired for raise-after (30 min), saying for how long
        advance(e, Duration.ofMinutes(25));
        assertThat(sent).hasSize(1);
        advance(e, Duration.ofMinutes(5));
        assertThat(sent).extracting(Notification::reason).containsExactly("firing", "escalated");
        assertThat(sent.get(1).escalation().firingFor()).isEqualTo(30 * 60 + 35);

        // a resolution says how long it fired by the monotonic clock, not by since and at of two wall clocks
        Signal resolved = Signals.resolved(lag, clock.now());
        e.accept(resolved);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent.get(2).reason()).isEqualTo("resolved");
        assertThat(sent.get(2).escalation().firingFor()).isEqualTo(30 * 60 + 35);
    }

    @Test
    void aStateSavedAndRestoredAcrossAWallClockStepKeepsItsTimers() {
        EscalationSettings noRaise = new EscalationSettings(Duration.ofSeconds(30), Duration.ofHours(1), 0.9,
                Duration.ofDays(1), "");
        Escalator first = escalator(noRaise, Topology.none(), FleetView.SINGLE_HOST);
        first.accept(fire("orders-db", "replication_lag", "high", 0.6));
        advance(first, Duration.ofSeconds(30));
        clock.stepWall(Duration.ofDays(-1));
        Escalator.State state = first.state();
        assertThat(state.groups().get(0).lastNotifiedAt())
                .as("saved in the wall clock's terms of now").isEqualTo(clock.now().toEpochMilli());
        Escalator second = escalator(noRaise, Topology.none(), FleetView.SINGLE_HOST);
        second.restore(state);
        advance(second, Duration.ofMinutes(59));
        assertThat(sent).hasSize(1);
        advance(second, Duration.ofMinutes(1));
        assertThat(sent).extracting(Notification::reason).containsExactly("firing", "repeat");
    }

    @Test
    void silencedFiringsWaitUntilTheSilenceExpiresAndCreatingAndExpiringIsAudited() {
        Escalator e = escalator();
        Silence silence = silences.create(new Silence(null, "orders-db", null, null, null, null, null, null, null,
                null, null), Duration.ofHours(1), "alice", "failover drill");
        Signal lag = fire("orders-db", "replication_lag", "high", 0.6);
        e.accept(lag);
        e.accept(fire("checkout", "latency", "high", 0.6));
        advance(e, Duration.ofMinutes(59));
        assertThat(sent).extracting(n -> n.signal().component()).containsExactly("checkout");
        advance(e, Duration.ofMinutes(1));
        assertThat(silences.list(false)).isEmpty();
        assertThat(silences.list(true)).extracting(Silence::id).containsExactly(silence.id());
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(n -> n.signal().component()).containsExactly("checkout", "orders-db");
        assertThat(sent.get(1).id()).isEqualTo(lag.id());

        Silence early = silences.create(new Silence(null, null, "latency", null, "h1", null, null, null, null, null,
                null), Duration.ofMinutes(10), "bob", "");
        assertThat(silences.expire(early.id(), "carol")).isPresent();
        assertThat(silences.expire(early.id(), "carol")).as("already expired").isEmpty();
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0)).startsWith("alice silence.create ").contains("component=orders-db");
        assertThat(audit.get(2)).startsWith("carol silence.expire ").contains(early.id());
        assertThat(new SilenceStore(dir.resolve("silences.json"), clock, null).list(true)).hasSize(2);
    }

    @Test
    void aSilenceNeedsAMatcherAnAuthorAndABoundedExpiry() {
        Silence none = new Silence(null, null, null, null, null, null, null, null, null, null, null);
        Silence some = new Silence(null, "x", null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> silences.create(none, Duration.ofHours(1), "a", ""))
                .hasMessageContaining("at least one of component, check, tower, host");
        assertThatThrownBy(() -> silences.create(some, Duration.ofHours(1), " ", "")).hasMessageContaining("author");
        assertThatThrownBy(() -> silences.create(some, Duration.ofDays(31), "a", "")).hasMessageContaining("duration");
        assertThatThrownBy(() -> silences.create(some, Duration.ZERO, "a", "")).hasMessageContaining("duration");
    }

    @Test
    void whileADependencyFiresDependantsAreSuppressedAndListedInItsNotification() {
        Escalator e = escalator(new Topology(Map.of("checkout", List.of("orders-db"), "orders-db", List.of("app-to-db"))),
                FleetView.SINGLE_HOST);
        Signal checkout = fire("checkout", "latency", "high", 0.6);
        e.accept(checkout);
        clock.advance(Duration.ofSeconds(3));
        Signal path = fire("app-to-db", "packet_loss", "high", 0.6);
        e.accept(path);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        Notification n = sent.get(0);
        assertThat(n.signal().component()).isEqualTo("app-to-db");
        assertThat(n.escalation().suppressing()).extracting(m -> m.component() + "/" + m.suppressedBy())
                .containsExactly("checkout/app-to-db");
        assertThat(e.groups()).filteredOn(g -> g.component().equals("checkout")).singleElement()
                .satisfies(g -> assertThat(g.firing().get(0).suppressedBy()).isEqualTo("app-to-db"));

        advance(e, Duration.ofMinutes(10));
        assertThat(sent).as("dependants are not paged while the dependency fires").hasSize(1);

        e.accept(Signals.resolved(path, clock.now()));
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(x -> x.signal().component() + " " + x.reason())
                .containsExactlyInAnyOrder("app-to-db firing", "app-to-db resolved", "checkout firing");
        assertThat(sent).filteredOn(x -> x.signal().component().equals("checkout")).singleElement()
                .satisfies(x -> assertThat(x.id()).isEqualTo(checkout.id()));
    }

    @Test
    void fleetCorrelationSaysHowManyHostsSeeIt() {
        FleetView fleet = (component, check) -> component.equals("orders-db")
                ? Optional.of(new FleetView.Picture(List.of("web-1", "web-2", "web-3"), List.of("web-1", "web-2", "web-3")))
                : Optional.of(new FleetView.Picture(List.of("web-1", "web-2", "web-3"), List.of("web-2")));
        Escalator e = escalator(Topology.none(), fleet);
        e.accept(Signals.signal("web-1", "orders-db", "replication_lag", "firing", "high", 0.6, clock.now(),
                clock.now()));
        e.accept(Signals.signal("web-2", "payments-api", "connect_time", "firing", "high", 0.6, clock.now(),
                clock.now()));
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(n -> n.escalation().fleet().summary()).containsExactly(
                "seen from 3 of 3 hosts",
                "only from web-2 (2 other hosts see it healthy) — suspect the path or the host");
        Escalator single = escalator();
        sent.clear();
        single.accept(fire("cache", "hit_ratio", "high", 0.6));
        advance(single, Duration.ofSeconds(30));
        assertThat(sent.get(0).escalation().fleet()).isNull();
    }

    @Test
    void aHeartbeatBlindSpotNamesTheSilentTowerNotTheFleetAndItsResolutionSaysNoHostCount() {
        // the registry sees orders-db watched from three hosts; the heartbeat blind spot of web-2 is
        // "firing on web-2" there, though it is about web-2's tower, not about orders-db
        List<String> firing = new ArrayList<>(List.of("web-2"));
        FleetView fleet = (component, check) -> Optional.of(new FleetView.Picture(List.of("web-1", "web-2", "web-3"),
                List.copyOf(firing)));
        Escalator e = escalator(Topology.none(), fleet);
        Instant lastBeat = clock.now();
        clock.advance(Duration.ofSeconds(30));
        Signal blind = Signals.heartbeatBlindSpot("web-2", "orders-db", "firing", lastBeat, clock.now());
        e.accept(blind);
        advance(e, Duration.ofSeconds(30));
        firing.clear();
        e.accept(Signals.heartbeatBlindSpot("web-2", "orders-db", "resolved", lastBeat, clock.now()));
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(Notification::reason).containsExactly("firing", "resolved");
        for (Notification n : sent) {
            assertThat(n.escalation().fleet()).as("no fleet wording for a blind spot").isNull();
            String text = new io.watchtower.runtime.channel.NotificationText(n, "").full();
            assertThat(text).contains("web-2").doesNotContain("suspect the path").doesNotContain("of 3 hosts");
        }
    }

    @Test
    void aResolutionSaysWhatTheFleetStillSeesNotZeroOfThreeHosts() {
        List<String> firing = new ArrayList<>(List.of("web-1", "web-2"));
        FleetView fleet = (component, check) -> Optional.of(new FleetView.Picture(List.of("web-1", "web-2", "web-3"),
                List.copyOf(firing)));
        Escalator e = escalator(Topology.none(), fleet);
        Signal lag = Signals.signal("web-1", "orders-db", "replication_lag", "firing", "high", 0.6, clock.now(),
                clock.now());
        e.accept(lag);
        advance(e, Duration.ofSeconds(30));
        firing.remove("web-1");
        e.accept(Signals.resolved(lag, clock.now()));
        advance(e, Duration.ofSeconds(30));
        firing.clear();
        Signal other = Signals.signal("web-1", "orders-db", "connections", "firing", "high", 0.6, clock.now(),
                clock.now());
        e.accept(other);
        advance(e, Duration.ofSeconds(30));
        e.accept(Signals.resolved(other, clock.now()));
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).extracting(n -> n.reason() + ": " + n.escalation().fleet().summary()).containsExactly(
                "firing: seen from 2 of 3 hosts (web-1, web-2)",
                "resolved: still firing from 1 of 3 hosts (web-2)",
                "firing: only from web-1 (2 other hosts see it healthy) — suspect the path or the host",
                "resolved: healthy again from all 3 hosts");
    }

    @Test
    void restoredStateContinuesWithTheSameIds() {
        Escalator first = escalator();
        first.accept(fire("orders-db", "replication_lag", "high", 0.6));
        advance(first, Duration.ofSeconds(30));
        Escalator.State state = first.state();
        advance(first, Duration.ofHours(1));
        String repeatId = sent.get(1).id();

        clock = new TestClock(T0.plusSeconds(30));
        Escalator second = escalator();
        second.restore(io.watchtower.runtime.signal.SignalJson.mapper().convertValue(
                io.watchtower.runtime.signal.SignalJson.mapper().valueToTree(state), Escalator.State.class));
        advance(second, Duration.ofHours(1));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).id()).isEqualTo(repeatId);
    }

    // ---- flapping ------------------------------------------------------------------------------

    private static final Signal.Flap FLAP = new Signal.Flap(5, 160, 40);

    private static Signal flapping(Signal s) {
        return new Signal(s.schema(), s.id(), s.fingerprint(), s.tower(), s.component(), s.target(), s.check(), s.kind(),
                s.state(), s.severity(), s.observed(), s.observedState(), s.previousState(), s.unit(), s.baseline(),
                s.score(), s.since(), s.at(), s.summary(), s.recent(), s.context(), s.related(), s.runbook(), s.labels(),
                true, s.firing() ? FLAP : null, null);
    }

    private Signal fireFlapping() {
        return flapping(Signals.firing("web", "backend_down", "medium", 0.6, clock.now(), clock.now()));
    }

    /** @return the first firing of a flapping series, accepted and paged (after group-wait) */
    private Signal pagedFlapping(Escalator e) {
        Signal first = fireFlapping();
        e.accept(first);
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).reason()).isEqualTo(Notification.FIRING);
        assertThat(sent.get(0).signal().flap()).isEqualTo(FLAP);
        return first;
    }

    @Test
    void aHeldFlappingSeriesStaysHeldAcrossARestartAndSettlesAfterThreeFlapPeriods() {
        Escalator e = escalator();
        Signal first = pagedFlapping(e);

        advance(e, Duration.ofSeconds(10));
        e.accept(flapping(Signals.resolved(first, clock.now())));
        advance(e, Duration.ofSeconds(30));
        assertThat(sent).as("its resolution is held").hasSize(1);

        // the daemon restarts: the escalator continues from its saved state
        Escalator.State saved = SignalJson.mapper().convertValue(
                SignalJson.mapper().valueToTree(e.state()), Escalator.State.class);
        Escalator restarted = escalator();
        restarted.restore(saved);
        advance(restarted, Duration.ofSeconds(10));
        Signal again = fireFlapping();
        restarted.accept(again);
        advance(restarted, Duration.ofSeconds(15));
        restarted.accept(flapping(Signals.resolved(again, clock.now())));
        advance(restarted, Duration.ofSeconds(60));
        assertThat(sent).as("a new flip after the restart is held too").hasSize(1);

        advance(restarted, Duration.ofSeconds(60)); // 120 s = three periods of 40 s since it resolved
        assertThat(sent).as("settled; its resolution waits group-wait like any other").hasSize(1);
        advance(restarted, Duration.ofSeconds(30));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).reason()).isEqualTo(Notification.RESOLVED);
        assertThat(sent.get(1).signal().fingerprint()).isEqualTo(first.fingerprint());
        assertThat(restarted.idle()).isTrue();
    }

    @Test
    void aFlappingSeriesThatFiresAgainBeforeItSettlesIsNotResolved() {
        Escalator e = escalator();
        Signal current = pagedFlapping(e);
        for (int flip = 0; flip < 25; flip++) {
            advance(e, Duration.ofSeconds(20));
            e.accept(flapping(Signals.resolved(current, clock.now())));
            advance(e, Duration.ofSeconds(100)); // less than three periods of 40 s
            current = fireFlapping();
            e.accept(current);
        }
        assertThat(sent).as("one page for 50 minutes of flips").hasSize(1);
        assertThat(e.groups()).hasSize(1);
    }
}
