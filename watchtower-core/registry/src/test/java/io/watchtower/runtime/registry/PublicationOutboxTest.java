package io.watchtower.runtime.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PublicationOutboxTest {

    @Test
    void replaysFromTheCursorInOrderAfterAReopenAndCutsATornLine(@TempDir Path dir) throws Exception {
        try (PublicationOutbox o = new PublicationOutbox(dir)) {
            o.append("{\"n\":1}");
            o.append("{\"n\":2}");
            o.append("{\"n\":3}");
            List<PublicationOutbox.Entry> first = o.pending(1);
            assertThat(first).extracting(PublicationOutbox.Entry::json).containsExactly("{\"n\":1}");
            o.commit(first.get(0).next());
        }
        Files.writeString(dir.resolve("outbox.jsonl"), "{\"n\":4", StandardOpenOption.APPEND);
        try (PublicationOutbox o = new PublicationOutbox(dir)) {
            assertThat(o.pending(10)).extracting(PublicationOutbox.Entry::json).containsExactly("{\"n\":2}", "{\"n\":3}");
            o.append("{\"n\":5}");
            assertThat(o.pending(10)).extracting(PublicationOutbox.Entry::json).containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":5}");
        }
    }

    @Test
    void startsOverOnceEverythingIsPublishedAndTheFileIsLarge(@TempDir Path dir) throws Exception {
        try (PublicationOutbox o = new PublicationOutbox(dir)) {
            String big = "{\"x\":\"" + "y".repeat(10_000) + "\"}";
            for (int i = 0; i < 120; i++) {
                o.append(big);
            }
            List<PublicationOutbox.Entry> all = o.pending(1000);
            assertThat(all).hasSize(120);
            o.commit(all.get(59).next());
            assertThat(Files.size(dir.resolve("outbox.jsonl"))).isGreaterThan(1 << 20);
            o.commit(all.get(119).next());
            assertThat(Files.size(dir.resolve("outbox.jsonl"))).isZero();
            assertThat(o.backlogBytes()).isZero();
            o.append("{\"n\":1}");
            assertThat(o.pending(10)).extracting(PublicationOutbox.Entry::json).containsExactly("{\"n\":1}");
        }
    }
}
