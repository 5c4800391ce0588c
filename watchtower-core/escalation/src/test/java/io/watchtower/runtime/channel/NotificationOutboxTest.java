package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationOutboxTest {

    @Test
    void whenFullTheOldestLowestSeverityEntryIsDroppedAndCounted(@TempDir Path dir) throws Exception {
        try (NotificationOutbox outbox = new NotificationOutbox(dir.resolve("o.log"), 4)) {
            outbox.add(ChannelDeliveryTest.notification(0), Severity.HIGH);
            outbox.add(ChannelDeliveryTest.notification(1), Severity.LOW);
            outbox.add(ChannelDeliveryTest.notification(2), Severity.MEDIUM);
            outbox.add(ChannelDeliveryTest.notification(3), Severity.LOW);
            assertThat(outbox.add(ChannelDeliveryTest.notification(4), Severity.CRITICAL)).isEqualTo(1);
            assertThat(ids(outbox)).containsExactly(id(0), id(2), id(3), id(4));
            outbox.add(ChannelDeliveryTest.notification(5), Severity.HIGH);
            assertThat(ids(outbox)).as("then the next low one").containsExactly(id(0), id(2), id(4), id(5));
            outbox.add(ChannelDeliveryTest.notification(6), Severity.HIGH);
            assertThat(ids(outbox)).as("then medium").containsExactly(id(0), id(4), id(5), id(6));
            outbox.add(ChannelDeliveryTest.notification(7), Severity.HIGH);
            assertThat(ids(outbox)).as("then the oldest high").containsExactly(id(4), id(5), id(6), id(7));
            assertThat(outbox.dropped()).isEqualTo(4);
        }
        try (NotificationOutbox reopened = new NotificationOutbox(dir.resolve("o.log"), 4)) {
            assertThat(ids(reopened)).as("drops are durable").containsExactly(id(4), id(5), id(6), id(7));
        }
    }

    @Test
    void survivesATornLastLineAndCompactsWithoutLosingPendingEntries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("o.log");
        try (NotificationOutbox outbox = new NotificationOutbox(file, 5000, 100)) {
            for (int i = 0; i < 400; i++) {
                outbox.add(ChannelDeliveryTest.notification(i), Severity.MEDIUM);
                if (i < 390) {
                    outbox.done(outbox.head().seq());
                }
            }
            assertThat(outbox.size()).isEqualTo(10);
        }
        assertThat(Files.readAllLines(file).stream().filter(l -> l.startsWith("A ")).count()).as("compacted")
                .isLessThan(300);
        Files.writeString(file, "A 99999 high {\"schema\":\"watchtower.sig", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (NotificationOutbox reopened = new NotificationOutbox(file, 5000, 100)) {
            assertThat(reopened.size()).isEqualTo(10);
            assertThat(reopened.head().notification().id()).isEqualTo(id(390));
            reopened.add(ChannelDeliveryTest.notification(385), Severity.LOW);
            assertThat(reopened.size()).as("finished before the restart: not added again").isEqualTo(10);
            reopened.add(ChannelDeliveryTest.notification(9999), Severity.LOW);
            assertThat(reopened.size()).isEqualTo(11);
        }
    }

    @Test
    void aNotificationMadeAgainIsNotQueuedAgain(@TempDir Path dir) throws Exception {
        try (NotificationOutbox outbox = new NotificationOutbox(dir.resolve("o.log"), 10)) {
            outbox.add(ChannelDeliveryTest.notification(1), Severity.HIGH);
            outbox.add(ChannelDeliveryTest.notification(1), Severity.HIGH);
            assertThat(outbox.size()).isEqualTo(1);
            outbox.done(outbox.head().seq());
            outbox.add(ChannelDeliveryTest.notification(1), Severity.HIGH);
            assertThat(outbox.size()).isZero();
        }
    }

    private static String id(int i) {
        return ChannelDeliveryTest.notification(i).id();
    }

    private static List<String> ids(NotificationOutbox outbox) {
        return outbox.pending().stream().map(e -> Notification.read(e.json()).id()).toList();
    }
}
