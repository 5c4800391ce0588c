package io.watchtower.runtime.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Kind, state and severity are enums in the code and the same strings on the wire: journals written
 * before (while they were strings) load, and the daemon's own signals keep their exact wire form.
 * {@code signals/written-before-enums.jsonl} holds lines written by that earlier version.
 */
class SignalWireFormTest {

    private static List<String> linesWrittenBefore() throws IOException {
        try (InputStream in = SignalWireFormTest.class.getResourceAsStream("/signals/written-before-enums.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static JsonNode tree(String json) throws IOException {
        return SignalJson.mapper().readTree(json);
    }

    @Test
    void aJournalWrittenWhileTheyWereStringsStillLoads(@TempDir Path dir) throws Exception {
        List<String> before = linesWrittenBefore();
        Path file = Files.createDirectories(dir.resolve("journal")).resolve("signals.jsonl");
        Files.writeString(file, String.join("\n", before) + "\n");
        try (SignalJournal journal = new SignalJournal(file)) {
            assertThat(journal.notSignalsAtOpen()).isEmpty();
            List<Signal> read = journal.readAll();
            assertThat(read).extracting(Signal::kind, Signal::state, Signal::severity).containsExactly(
                    tuple(SignalKind.BLIND_SPOT, SignalState.FIRING, Severity.HIGH),
                    tuple(SignalKind.BLIND_SPOT, SignalState.RESOLVED, Severity.HIGH),
                    tuple(SignalKind.BLIND_SPOT, SignalState.FIRING, Severity.HIGH),
                    tuple(SignalKind.THRESHOLD, SignalState.FIRING, Severity.HIGH),
                    tuple(SignalKind.THRESHOLD, SignalState.RESOLVED, Severity.HIGH),
                    tuple(SignalKind.ANOMALY, SignalState.FIRING, Severity.MEDIUM),
                    tuple(SignalKind.CHANGE, SignalState.FIRING, Severity.CRITICAL),
                    tuple(SignalKind.UNREACHABLE, SignalState.RESOLVED, Severity.LOW));
            assertThat(journal.firingState()).extracting(Signal::check)
                    .containsExactly("state", "check_1", "check_2");
            for (int i = 0; i < before.size(); i++) {
                assertThat(tree(SignalJson.write(read.get(i)))).as("line %d written again", i + 1)
                        .isEqualTo(tree(before.get(i)));
            }
        }
    }

    @Test
    void theDaemonsOwnSignalsKeepTheirWireForm() throws Exception {
        List<String> before = linesWrittenBefore();
        SignalComposer.SilentTower silent = new SignalComposer.SilentTower("db-path", "network-path", "web-2", "0.1.0",
                "orders-db", 1_000_000, 1000);
        SignalComposer composer = new SignalComposer("db-mon-1", "1.2.3");
        Instant quarantined = Instant.parse("2026-01-10T20:00:00Z");
        Path file = Path.of("/var/lib/watchtower/silences.json");
        Path movedTo = Path.of("/var/lib/watchtower/silences.json.corrupt-20260110T200000Z");
        String reason = "not a list of silences: Unexpected end-of-input";
        List<Signal> now = List.of(
                SignalComposer.heartbeatBlindSpot(silent, true, 1_003_000, 1_003_400, "web-1"),
                SignalComposer.heartbeatBlindSpot(silent, false, 1_003_000, 1_010_000, "web-1"),
                composer.stateQuarantined(file, movedTo, 17, reason, "state file " + file + " is corrupt (" + reason
                        + " at byte 17) and was moved to " + movedTo, quarantined),
                composer.outboxDropped("pager", true, 1_768_075_200_000L, Instant.parse("2026-01-10T20:01:00Z"), 3, 7),
                composer.outboxDropped("pager", false, 1_768_075_200_000L, Instant.parse("2026-01-10T20:01:00Z"), 5, 7));
        for (int i = 0; i < now.size(); i++) {
            String json = SignalJson.write(now.get(i));
            WireSchema.assertValid(json);
            assertThat(tree(json)).as(now.get(i).check() + " " + now.get(i).state()).isEqualTo(tree(before.get(i)));
        }
    }

    @Test
    void kindStateAndSeverityAreTheirWireNames() {
        for (SignalKind kind : SignalKind.values()) {
            assertThat(SignalJson.mapper().valueToTree(kind).asText()).isEqualTo(kind.wireName());
            assertThat(SignalKind.of(kind.wireName())).isEqualTo(kind);
        }
        assertThat(SignalKind.BLIND_SPOT.wireName()).isEqualTo("blind-spot");
        for (SignalState state : SignalState.values()) {
            assertThat(SignalJson.mapper().valueToTree(state).asText()).isEqualTo(state.wireName());
        }
        for (Severity severity : Severity.values()) {
            assertThat(SignalJson.mapper().valueToTree(severity).asText()).isEqualTo(severity.wireName());
        }
    }

    @Test
    void aLineWithAnUnknownKindIsNotASignal() throws Exception {
        String line = linesWrittenBefore().get(0).replace("\"kind\":\"blind-spot\"", "\"kind\":\"hunch\"");
        assertThatThrownBy(() -> SignalJson.read(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a signal");
        String severity = linesWrittenBefore().get(0).replace("\"severity\":\"high\"", "\"severity\":\"HIGH\"");
        assertThatThrownBy(() -> SignalJson.read(severity)).isInstanceOf(IllegalArgumentException.class);
    }
}
