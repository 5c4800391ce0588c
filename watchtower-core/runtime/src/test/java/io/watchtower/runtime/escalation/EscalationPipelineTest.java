package io.watchtower.runtime.escalation;

import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.SignalJson;
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

/** The pipeline between journal and escalator: it persists its state when, and only when, it changed. */
class EscalationPipelineTest {

    @TempDir
    Path dir;

    @Test
    void idleTicksWriteNothingAndANewSignalIsSaved() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-10T20:00:00Z"));
        SilenceStore silences = new SilenceStore(dir.resolve("silences.json"), clock, null);
        List<Notification> sent = new ArrayList<>();
        Escalator escalator = new Escalator(new EscalationSettings(Duration.ofSeconds(30), Duration.ofHours(1), 0.9,
                Duration.ofMinutes(30), ""), clock, silences, Topology.none(), FleetView.SINGLE_HOST,
                sent::add);
        Path state = dir.resolve("escalation.json");
        try (SignalJournal journal = new SignalJournal(dir.resolve("signals.jsonl"));
             EscalationPipeline pipeline = new EscalationPipeline(journal, escalator, state, Duration.ofMillis(10), () -> { })) {
            Object written = fileKey(state);
            Thread.sleep(300); // about 30 ticks with nothing open
            assertThat(fileKey(state)).as("an idle tick rewrites nothing").isEqualTo(written);

            journal.append(Signals.firing("orders-db", "replication_lag", "high", 0.6, clock.now(), clock.now()));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pipeline.backlogBytes() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50);
            assertThat(fileKey(state)).as("the accepted signal is saved").isNotEqualTo(written);
            EscalationPipeline.Saved saved = SignalJson.mapper().readValue(Files.readString(state), EscalationPipeline.Saved.class);
            assertThat(saved.offset()).isEqualTo(journal.size());
            assertThat(saved.escalator().groups()).hasSize(1);
        }
    }

    /** The file's identity: every save writes a new file and renames it over the old one. */
    private static Object fileKey(Path p) throws Exception {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.fileKey() + "@" + a.lastModifiedTime().toMillis();
    }
}
