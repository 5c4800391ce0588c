package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escalation state and the silences file, written and read with the streaming API: the same bytes
 * as the object mapper wrote before, and files of that form load.
 */
class EscalationFilesFormatTest {

    private static EscalationPipeline.Saved saved() {
        Signal firing = TestSignals.firing("connect_ms");
        Signal other = TestSignals.firing("loss_ratio");
        Signal resolved = new Signal(other.schema(), "r-1", other.fingerprint(), other.tower(), other.component(),
                other.target(), other.check(), other.kind(), SignalState.RESOLVED, Severity.HIGH, null, "open", "closed",
                null, null, 0.0, other.since(), other.at(), "resolved \"now\"", null, null, null, null, null, true,
                new Signal.Flap(3, 600, 200), new Signal.Stale("2026-01-05T00:00:00Z", 2, null));
        Escalator.GroupState group = new Escalator.GroupState("orders-db",
                List.of(new Escalator.TrackedState(firing, "medium", null, 0),
                        new Escalator.TrackedState(other, null, resolved, 1_767_571_210_000L)),
                List.of(new Escalator.TrackedState(resolved, "high", null, 0)), -1, 1_767_571_200_000L, null, 4);
        Escalator.GroupState empty = new Escalator.GroupState(null, List.of(), List.of(), 5, -1, "low", 0);
        return new EscalationPipeline.Saved(123_456, new Escalator.State(List.of(group, empty),
                List.of("a", "b", "é")));
    }

    @Test
    void theEscalationStateIsTheBytesWrittenBefore(@TempDir Path dir) throws IOException {
        EscalationPipeline.Saved saved = saved();
        byte[] before = SignalJson.mapper().writeValueAsBytes(saved);
        assertThat(new String(EscalationStateJson.write(saved), StandardCharsets.UTF_8))
                .isEqualTo(new String(before, StandardCharsets.UTF_8));
        EscalationPipeline.Saved none = new EscalationPipeline.Saved(0, new Escalator.State(List.of(), List.of()));
        assertThat(EscalationStateJson.write(none)).isEqualTo(SignalJson.mapper().writeValueAsBytes(none));

        Path file = dir.resolve("escalation.json");
        Files.write(file, before);
        EscalationPipeline.Saved read = EscalationStateJson.read(file);
        assertThat(read).isEqualTo(SignalJson.mapper().readValue(before, EscalationPipeline.Saved.class));
        assertThat(read).isEqualTo(saved);
    }

    @Test
    void theSilencesFileIsTheBytesWrittenBefore(@TempDir Path dir) throws IOException {
        List<Silence> silences = List.of(
                new Silence("s-1", "orders-db", null, null, "web-1", "alice", "maintenance \"window\"",
                        "2026-12-01T10:00:00Z", "2026-12-01T12:00:00Z", null, null),
                new Silence("s-2", null, "connect_ms", "paths", null, "bob", null, "2026-12-01T10:00:00Z",
                        "2026-12-01T11:00:00Z", "2026-12-01T10:30:00Z", "carol"));
        byte[] before = SignalJson.mapper().writeValueAsBytes(silences);
        assertThat(Arrays.equals(SilenceJson.write(silences), before)).isTrue();
        Path file = dir.resolve("silences.json");
        Files.write(file, before);
        assertThat(SilenceJson.read(file)).isEqualTo(silences);
        java.time.Instant now = java.time.Instant.parse("2026-12-01T10:45:00Z");
        com.fasterxml.jackson.databind.node.ObjectNode body = SignalJson.mapper().createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = body.putArray("silences");
        for (Silence s : silences) {
            com.fasterxml.jackson.databind.node.ObjectNode node = SignalJson.mapper().valueToTree(s);
            node.put("state", s.activeAt(now) ? "active" : "expired");
            list.add(node);
        }
        assertThat(SilenceJson.list(silences, now)).as("the API's list, as the tree built it").isEqualTo(body.toString());
        assertThat(SilenceJson.text(silences.get(1))).isEqualTo(SignalJson.mapper().valueToTree(silences.get(1)).toString());
        Files.writeString(file, "[ {\"id\" : \"s-3\", \"later\" : {\"x\" : [1]}, \"expires_at\" : \"2026-12-01T11:00:00Z\"} ]");
        assertThat(SilenceJson.read(file)).containsExactly(
                new Silence("s-3", null, null, null, null, null, null, null, "2026-12-01T11:00:00Z", null, null));
    }
}
