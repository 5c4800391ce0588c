package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline between journal and escalator, in virtual time: it persists its state when, and
 * only when, it changed, and it runs when something falls due instead of polling.
 */
class EscalationPipelineTest {

    private static final Instant START = Instant.parse("2026-01-10T20:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);
    private final List<String> sent = new ArrayList<>();
    private SilenceStore silences;

    private EscalationPipeline pipeline(SignalJournal journal, Duration groupWait, Duration repeat,
                                        Duration raiseAfter) throws Exception {
        silences = new SilenceStore(dir.resolve("silences.json"), clock, (who, action, details) -> { });
        Escalator escalator = new Escalator(new EscalationSettings(groupWait, repeat, 0.9, raiseAfter, ""), clock,
                silences, Topology.none(), FleetView.SINGLE_HOST,
                n -> sent.add(Duration.between(START, clock.now()) + " " + n.escalation().reason()));
        EscalationPipeline pipeline = new EscalationPipeline(journal, escalator, dir.resolve("escalation.json"), time,
                () -> { });
        silences.onChange(pipeline::wake);
        return pipeline;
    }

    private Signal firing() {
        return Signals.firing("orders-db", "replication_lag", "high", 0.6, clock.now(), clock.now());
    }

    @Test
    void anIdlePipelineNeitherWakesNorWritesAndANewSignalIsSaved() throws Exception {
        Path state = dir.resolve("escalation.json");
        try (SignalJournal journal = new SignalJournal(dir.resolve("signals.jsonl"));
             EscalationPipeline pipeline = pipeline(journal, Duration.ofSeconds(30), Duration.ofHours(1),
                     Duration.ofMinutes(30))) {
            time.runDue();
            Object written = fileKey(state);
            long before = time.tasksRun();
            time.advance(Duration.ofHours(10));
            assertThat(time.tasksRun() - before).as("with nothing open it looks once an hour, not every tick")
                    .isLessThanOrEqualTo(10);
            assertThat(fileKey(state)).as("an idle run rewrites nothing").isEqualTo(written);

            journal.append(firing());
            time.runDue();
            assertThat(pipeline.backlogBytes()).isZero();
            assertThat(fileKey(state)).as("the accepted signal is saved").isNotEqualTo(written);
            EscalationPipeline.Saved saved = SignalJson.mapper().readValue(Files.readString(state),
                    EscalationPipeline.Saved.class);
            assertThat(saved.offset()).isEqualTo(journal.size());
            assertThat(saved.escalator().groups()).hasSize(1);
        }
    }

    @Test
    void groupWaitRaiseAndRepeatFallDueOnTimeWithoutAPoll() throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("signals.jsonl"));
             EscalationPipeline pipeline = pipeline(journal, Duration.ofSeconds(30), Duration.ofHours(1),
                     Duration.ofMinutes(30))) {
            time.runDue();
            journal.append(firing());
            time.runDue();
            time.advance(Duration.ofMillis(29_999));
            assertThat(sent).as("group-wait has not ended").isEmpty();
            time.advance(Duration.ofMillis(1));
            assertThat(sent).containsExactly("PT30S firing");

            long before = time.tasksRun();
            time.advance(Duration.ofMinutes(29).plusSeconds(30));
            assertThat(sent).as("firing for 30 minutes raises the severity at once")
                    .containsExactly("PT30S firing", "PT30M escalated");
            time.advance(Duration.ofMinutes(59).plusSeconds(59));
            assertThat(sent).hasSize(2);
            time.advance(Duration.ofSeconds(1));
            assertThat(sent).as("the repeat comes an hour after the last notification")
                    .containsExactly("PT30S firing", "PT30M escalated", "PT1H30M repeat");
            assertThat(time.tasksRun() - before)
                    .as("about 90 minutes with a group open: runs at its deadlines and once a minute, not every second")
                    .isLessThan(120);
        }
    }

    @Test
    void theEndOfASilenceAndAnEarlyExpiryWakeEscalation() throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("signals.jsonl"));
             EscalationPipeline pipeline = pipeline(journal, Duration.ofSeconds(30), Duration.ofHours(4),
                     Duration.ofHours(1))) {
            Silence matcher = new Silence(null, "orders-db", null, null, null, null, null, null, null, null, null);
            silences.create(matcher, Duration.ofMinutes(10), "ops", "maintenance");
            time.runDue();
            journal.append(firing());
            time.advance(Duration.ofMinutes(10).minusMillis(1));
            assertThat(sent).as("silenced").isEmpty();
            time.advance(Duration.ofMillis(1).plusSeconds(30));
            assertThat(sent).as("group-wait runs from the silence's end").containsExactly("PT10M30S firing");

            journal.append(Signals.firing("billing-db", "errors", "high", 0.6, clock.now(), clock.now()));
            Silence billing = silences.create(new Silence(null, "billing-db", null, null, null, null, null, null,
                    null, null, null), Duration.ofHours(2), "ops", "noisy");
            time.advance(Duration.ofSeconds(50)); // mid-way between two of the once-a-minute looks
            silences.expire(billing.id(), "ops");
            time.advance(Duration.ofSeconds(30));
            assertThat(sent).as("expiring the silence starts group-wait at once, not at the next look")
                    .containsExactly("PT10M30S firing", "PT11M50S firing");
        }
    }

    @Test
    void aHeldFlappingMemberSettlesAtItsDeadline() throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("signals.jsonl"));
             EscalationPipeline pipeline = pipeline(journal, Duration.ofSeconds(30), Duration.ofHours(4),
                     Duration.ofDays(1))) {
            time.runDue();
            Signal first = flapping(firing());
            journal.append(first);
            time.advance(Duration.ofSeconds(40));
            assertThat(sent).containsExactly("PT30S firing");
            journal.append(flapping(Signals.resolved(first, clock.now())));
            // held while it may flip again; it settles three flap periods (3 x 50 s) after it resolved, at 3m10s,
            // and its resolution then waits group-wait like any other
            time.advance(Duration.ofSeconds(180).minusMillis(1));
            assertThat(sent).containsExactly("PT30S firing");
            time.advance(Duration.ofMillis(1));
            assertThat(sent).as("settled at its deadline, not at the next once-a-minute look")
                    .containsExactly("PT30S firing", "PT3M40S resolved");
        }
    }

    private static Signal flapping(Signal s) {
        return new Signal(s.schema(), s.id(), s.fingerprint(), s.tower(), s.component(), s.target(), s.check(), s.kind(),
                s.state(), s.severity(), s.observed(), s.observedState(), s.previousState(), s.unit(), s.baseline(),
                s.score(), s.since(), s.at(), s.summary(), s.recent(), s.context(), s.related(), s.runbook(), s.labels(),
                true, s.firing() ? new Signal.Flap(5, 250, 50) : null, null);
    }

    /** The file's identity: every save writes a new file and renames it over the old one. */
    private static Object fileKey(Path p) throws Exception {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.fileKey() + "@" + a.lastModifiedTime().toMillis();
    }
}
