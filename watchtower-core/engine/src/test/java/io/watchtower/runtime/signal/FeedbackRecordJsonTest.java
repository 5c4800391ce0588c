package io.watchtower.runtime.signal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Feedback records written and read with the streaming API: the same JSON as the object mapper's, lines of that form load. */
class FeedbackRecordJsonTest {

    private static final String WRITTEN_BEFORE = "{\"schema\":\"watchtower.feedback/v1\",\"id\":\"f-1\","
            + "\"at\":\"2026-12-01T10:00:00Z\",\"host\":\"web-1\",\"signal\":\"s-1\",\"fingerprint\":\"fp\","
            + "\"tower\":\"paths\",\"target\":\"127.0.0.1:5432\",\"check\":\"connect_ms\",\"component\":\"db\","
            + "\"answer\":\"noise\",\"who\":\"oncall-1\",\"note\":\"batch \\\"job\\\"\",\"page_at\":\"2026-12-01T09:00:00Z\","
            + "\"observed\":12.5,\"expected\":0.3,\"adjustment\":\"band x1.5\"}";

    @Test
    void writesAndReadsWhatTheMapperDid() throws Exception {
        List<FeedbackRecord> records = List.of(
                SignalJson.mapper().readValue(WRITTEN_BEFORE, FeedbackRecord.class),
                new FeedbackRecord(FeedbackRecord.SCHEMA, "f-2", "2026-12-01T10:00:00Z", null, null, null, "paths",
                        null, "loss", null, "useful", null, null, "2026-12-02T10:00:00Z", "2026-12-01T09:00:00Z", null,
                        1e-9, null));
        for (FeedbackRecord r : records) {
            String json = SignalJson.mapper().writeValueAsString(r);
            assertThat(r.json()).isEqualTo(json);
            assertThat(FeedbackRecord.read(json)).isEqualTo(r);
        }
        assertThat(FeedbackRecord.read(WRITTEN_BEFORE).json()).isEqualTo(WRITTEN_BEFORE);
        assertThat(FeedbackRecord.read(WRITTEN_BEFORE.replace("{", "{\"later\":[{\"x\":1}],")))
                .isEqualTo(FeedbackRecord.read(WRITTEN_BEFORE));
    }

    @Test
    void whatIsNotAFeedbackRecordIsRefused() {
        for (String bad : List.of("", "[]", "{\"schema\":", WRITTEN_BEFORE.replace("watchtower.feedback/v1", "x"),
                "{\"observed\":[1]}")) {
            assertThatThrownBy(() -> FeedbackRecord.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a feedback record");
        }
    }
}
