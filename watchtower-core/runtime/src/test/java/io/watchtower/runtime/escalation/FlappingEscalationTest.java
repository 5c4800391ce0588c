package io.watchtower.runtime.escalation;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A held flapping series, on a test clock: its flips are not paged, the hold survives a restart of
 * the escalator (its saved state), and it settles after three flap periods without a firing.
 */
class FlappingEscalationTest {

    private static final Instant T0 = Instant.parse("2026-01-12T09:00:00Z");
    private static final EscalationSettings SETTINGS = new EscalationSettings(Duration.ofSeconds(10),
            Duration.ofHours(1), 0.9, Duration.ofMinutes(30), "");
    private static final Signal.Flap FLAP = new Signal.Flap(5, 160, 40);

    @TempDir
    Path dir;
    private TestClock clock;
    private SilenceStore silences;
    private final List<Notification> sent = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new TestClock(T0);
        silences = new SilenceStore(dir.resolve("silences.json"), clock, new AuditLog(dir.resolve("audit.jsonl"), clock));
    }

    private Escalator escalator() {
        return new Escalator(SETTINGS, clock, silences, Topology.none(), FleetView.SINGLE_HOST, n -> {
            WireSchema.assertValid(n.json());
            sent.add(n);
        });
    }

    private static Signal flapping(Signal s) {
        return new Signal(s.schema(), s.id(), s.fingerprint(), s.tower(), s.component(), s.target(), s.check(), s.kind(),
                s.state(), s.severity(), s.observed(), s.observedState(), s.previousState(), s.unit(), s.baseline(),
                s.score(), s.since(), s.at(), s.summary(), s.recent(), s.context(), s.related(), s.runbook(), s.labels(),
                true, s.firing() ? FLAP : null, null);
    }

    private Signal fire() {
        return flapping(Signals.firing("web", "backend_down", "medium", 0.6, clock.now(), clock.now()));
    }

    private void advance(Escalator e, Duration d) {
        clock.advance(d);
        e.tick();
    }

    @Test
    void aHeldFlappingSeriesStaysHeldAcrossARestartAndSettlesAfterThreeFlapPeriods() {
        Escalator e = escalator();
        Signal first = fire();
        e.accept(first);
        advance(e, Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).reason()).isEqualTo(Notification.FIRING);
        assertThat(sent.get(0).signal().flap()).isEqualTo(FLAP);

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
        Signal again = fire();
        restarted.accept(again);
        advance(restarted, Duration.ofSeconds(15));
        restarted.accept(flapping(Signals.resolved(again, clock.now())));
        advance(restarted, Duration.ofSeconds(60));
        assertThat(sent).as("a new flip after the restart is held too").hasSize(1);

        advance(restarted, Duration.ofSeconds(60)); // 120 s = three periods of 40 s since it resolved
        assertThat(sent).as("settled; its resolution waits group-wait like any other").hasSize(1);
        advance(restarted, Duration.ofSeconds(10));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).reason()).isEqualTo(Notification.RESOLVED);
        assertThat(sent.get(1).signal().fingerprint()).isEqualTo(first.fingerprint());
        assertThat(restarted.idle()).isTrue();
    }

    @Test
    void aFlappingSeriesThatFiresAgainBeforeItSettlesIsNotResolved() {
        Escalator e = escalator();
        Signal current = fire();
        e.accept(current);
        advance(e, Duration.ofSeconds(10));
        for (int flip = 0; flip < 25; flip++) {
            advance(e, Duration.ofSeconds(20));
            e.accept(flapping(Signals.resolved(current, clock.now())));
            advance(e, Duration.ofSeconds(100)); // less than three periods of 40 s
            current = fire();
            e.accept(current);
        }
        assertThat(sent).as("one page for 50 minutes of flips").hasSize(1);
        assertThat(e.groups()).hasSize(1);
    }
}
