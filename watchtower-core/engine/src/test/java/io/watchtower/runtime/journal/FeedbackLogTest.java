package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.FeedbackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedbackLogTest {

    private static FeedbackRecord record(String id, String answer) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA, id, "2026-12-03T09:00:00Z", "h", "s-" + id, "fp", "db",
                "replica-1", "lag", "orders-db", answer, "oncall-1", "why", null, "2026-12-03T06:00:00Z", 12.0, 0.3,
                "sensitivity lowered");
    }

    @Test
    void recordsSurviveAReopenAndADamagedLineIsSkippedByTheDaemonButRefusedByAReplay(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("feedback").resolve("feedback.jsonl");
        try (FeedbackLog log = FeedbackLog.open(file)) {
            log.append(record("1", "noise"));
        }
        Files.writeString(file, "{\"schema\":\"something else\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FeedbackLog log = FeedbackLog.open(file)) {
            assertThat(log.records()).containsExactly(record("1", "noise"));
            log.append(record("2", "expected"));
            assertThat(log.records()).extracting(FeedbackRecord::id).containsExactly("1", "2");
        }
        assertThatThrownBy(() -> FeedbackLog.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file + " line 2").hasMessageContaining("schema must be watchtower.feedback/v1");
        // a torn last line (a crash in the middle of an append) is cut off when the daemon opens the file
        Files.writeString(file, "{\"schema\":\"watchtower.feedb", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FeedbackLog log = FeedbackLog.open(file)) {
            assertThat(log.records()).extracting(FeedbackRecord::id).containsExactly("1", "2");
        }
        assertThat(Files.readString(file)).endsWith("\n");
    }
}
