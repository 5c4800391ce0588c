package io.watchtower.runtime.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.baseline.Adjustment;
import io.watchtower.baseline.FeedbackAnswer;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local store's files, the publication outbox's entries and the fleet registry's feedback column,
 * written and read with the streaming API: the same JSON as the object mapper wrote before, and files
 * written in that form load.
 */
class RegistryFilesFormatTest {

    private static final Adjustment NOISE = new Adjustment(FeedbackAnswer.NOISE, "daily 05:00-07:00 UTC", 1000, 2000, 2,
            "oncall-1", "batch \"job\" é", 9_000_000_000L, 1.5, 0.25);
    private static final Adjustment EXPECTED = new Adjustment(FeedbackAnswer.EXPECTED, null, 0, 0, 1, null, null, -1, 1.0,
            0.0);

    private static List<TowerRecord> towers() {
        return List.of(RegistryRecords.tower("web-1", "paths", 5000),
                new TowerRecord(null, "db", "postgres", null, "0.1.0", null, 0, Long.MAX_VALUE, 15_000));
    }

    private static List<BaselineRecord> baselines() {
        return List.of(RegistryRecords.baseline("web-1", "paths/127.0.0.1:5432/connect_ms", "sat-20", 7000),
                RegistryRecords.baseline("web-1", "paths/127.0.0.1:6379/loss_ratio", "global", 7000, "stale", true, 6000L),
                new BaselineRecord("web-2", "s", "t", null, "c", "x", null, "global", null, -0.0, 1e-12, Double.MAX_VALUE,
                        "learning", 0, 0, 0, 3, null, false, null, List.of(NOISE, EXPECTED)));
    }

    private static String json(Object value) throws IOException {
        return SignalJson.mapper().writeValueAsString(value);
    }

    @Test
    void theLocalStoreWritesWhatItWroteBeforeAndLoadsIt(@TempDir Path dir) throws IOException {
        Path store = dir.resolve("registry");
        try (LocalRegistry registry = new LocalRegistry(store)) {
            registry.putTowers("web-1", towers().subList(0, 1));
            registry.putBaselines(baselines());
        }
        assertThat(Files.readString(store.resolve("towers.json"))).isEqualTo(json(towers().subList(0, 1)));
        List<BaselineRecord> written = SignalJson.mapper().readValue(store.resolve("baselines.json").toFile(),
                SignalJson.mapper().getTypeFactory().constructCollectionType(List.class, BaselineRecord.class));
        assertThat(Files.readString(store.resolve("baselines.json"))).isEqualTo(json(written));
        assertThat(written).containsExactlyInAnyOrderElementsOf(baselines().stream()
                .map(b -> b.withRevisions(1)).toList());

        Path before = dir.resolve("before");
        Files.createDirectories(before);
        Files.writeString(before.resolve("towers.json"), json(towers()));
        Files.writeString(before.resolve("baselines.json"), json(baselines()));
        try (LocalRegistry registry = new LocalRegistry(before)) {
            assertThat(registry.towers(null)).containsExactlyInAnyOrderElementsOf(towers());
            assertThat(registry.baselines(new BaselineQuery(null, null, null)))
                    .containsExactlyInAnyOrderElementsOf(baselines());
        }
    }

    @Test
    void recordListsAreTheMappersJson() throws IOException {
        assertThat(write(g -> TowerRecordJson.write(g, towers()))).isEqualTo(json(towers()));
        assertThat(write(g -> BaselineRecordJson.write(g, baselines()))).isEqualTo(json(baselines()));
        assertThat(SeriesFeedbackJson.write(List.of(NOISE, EXPECTED))).isEqualTo(json(List.of(NOISE, EXPECTED)));
        assertThat(SeriesFeedbackJson.read(json(List.of(NOISE, EXPECTED)))).containsExactly(NOISE, EXPECTED);
        assertThat(SeriesFeedbackJson.read("{\"not\":\"a list\"}")).isEmpty();
        assertThat(SeriesFeedbackJson.read("[{\"answer\":\"MAYBE\"}]")).isEmpty();
    }

    @Test
    void outboxEntriesAreTheTreesWrittenBefore() throws IOException {
        FeedbackRecord answer = new FeedbackRecord(FeedbackRecord.SCHEMA, "f", "2026-12-01T10:00:00Z", "web-1", "s",
                "fp", "paths", "127.0.0.1:1", "connect_ms", "db", "noise", "oncall", null, null, "2026-12-01T09:00:00Z",
                2.0, null, "band x1.5");
        ObjectNode towersBefore = SignalJson.mapper().createObjectNode().put("type", "towers");
        towersBefore.set("towers", SignalJson.mapper().valueToTree(towers()));
        ObjectNode baselinesBefore = SignalJson.mapper().createObjectNode().put("type", "baselines");
        baselinesBefore.set("baselines", SignalJson.mapper().valueToTree(baselines()));
        ObjectNode feedbackBefore = SignalJson.mapper().createObjectNode().put("type", "feedback");
        feedbackBefore.set("feedback", SignalJson.mapper().valueToTree(answer));

        OutboxEntry t = OutboxEntry.read(JsonValues.FACTORY.createParser(towersBefore.toString()));
        assertThat(t.type()).isEqualTo("towers");
        assertThat(t.towers()).isEqualTo(towers());
        OutboxEntry b = OutboxEntry.read(JsonValues.FACTORY.createParser(baselinesBefore.toString()));
        assertThat(b.baselines()).isEqualTo(baselines());
        OutboxEntry f = OutboxEntry.read(JsonValues.FACTORY.createParser(feedbackBefore.toString()));
        assertThat(f.feedback()).isEqualTo(answer);
        assertThat(OutboxEntry.read(JsonValues.FACTORY.createParser("{\"type\":\"later\",\"x\":[1]}")).type())
                .isEqualTo("later");
    }

    private interface Body {
        void write(com.fasterxml.jackson.core.JsonGenerator g) throws IOException;
    }

    private static String write(Body body) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            body.write(g);
        }
        return out.toString();
    }
}
