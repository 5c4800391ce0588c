package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Member;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.escalation.Signals;
import io.watchtower.runtime.escalation.WireSchema;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelDeliveryTest {

    private static final Set<String> ALL = Set.of("critical", "high", "medium", "low");

    /** Records deliveries; fails while told to. */
    static final class Recording implements SignalChannel {
        final List<String> ids = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean reject = new AtomicBoolean();

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public synchronized void deliver(Notification n) throws Exception {
            if (down.get()) {
                throw new IOException("down");
            }
            if (reject.get()) {
                throw new RejectedException("HTTP 400: bad alert");
            }
            WireSchema.assertValid(n.json());
            ids.add(n.signal().id());
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }
    }

    static Notification notification(int i) {
        Signal s = Signals.firing("c" + i, "check_" + i, "high", 0.6, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-05T00:00:10Z"));
        return new Notification(s, new Notification.Escalation(s.id(), "firing", "high", "high", 10,
                List.of(Member.of(s, "high", null)), List.of(), null));
    }

    private static ChannelDelivery delivery(SignalChannel channel, NotificationOutbox outbox) {
        return new ChannelDelivery(channel, outbox, ALL, Duration.ofMillis(20), Duration.ofMillis(100));
    }

    @Test
    void deliversInOrderAfterAnOutageWithTheSameIds(@TempDir Path dir) throws Exception {
        Recording channel = new Recording();
        channel.down.set(true);
        try (ChannelDelivery delivery = delivery(channel, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            List<String> added = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Notification n = notification(i);
                delivery.outbox().add(n, Severity.HIGH);
                added.add(n.id());
            }
            assertThat(delivery.drain(300)).isFalse();
            assertThat(delivery.failures()).isPositive();
            channel.down.set(false);
            assertThat(delivery.drain(5000)).isTrue();
            assertThat(channel.ids()).containsExactlyElementsOf(added);
        }
    }

    @Test
    void whatWasNotDeliveredBeforeARestartIsDeliveredAfterIt(@TempDir Path dir) throws Exception {
        Recording first = new Recording();
        try (ChannelDelivery delivery = delivery(first, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            delivery.outbox().add(notification(0), Severity.HIGH);
            assertThat(delivery.drain(5000)).isTrue();
            first.down.set(true);
            delivery.outbox().add(notification(1), Severity.HIGH);
            delivery.outbox().add(notification(2), Severity.LOW);
            assertThat(delivery.drain(200)).isFalse();
        }
        Recording second = new Recording();
        try (ChannelDelivery delivery = delivery(second, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            assertThat(delivery.drain(5000)).isTrue();
            assertThat(second.ids()).containsExactly(notification(1).id(), notification(2).id());
        }
    }

    @Test
    void aRejectedNotificationIsCountedAndSkippedInsteadOfBlockingTheChannel(@TempDir Path dir) throws Exception {
        Recording channel = new Recording();
        channel.reject.set(true);
        try (ChannelDelivery delivery = delivery(channel, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            delivery.outbox().add(notification(0), Severity.HIGH);
            assertThat(delivery.drain(5000)).isTrue();
            assertThat(delivery.rejected()).isEqualTo(1);
            channel.reject.set(false);
            delivery.outbox().add(notification(1), Severity.HIGH);
            assertThat(delivery.drain(5000)).isTrue();
            assertThat(channel.ids()).containsExactly(notification(1).id());
        }
    }
}
