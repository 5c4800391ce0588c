package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Member;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.time.VirtualScheduler;
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

/** Delivery from an outbox to a channel, in virtual time: order, retries at their deadlines, rejections. */
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

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);

    private ChannelDelivery delivery(SignalChannel channel, NotificationOutbox outbox) {
        return new ChannelDelivery(channel, outbox, ALL, Duration.ofSeconds(1), Duration.ofSeconds(8), time);
    }

    @Test
    void aFailedDeliveryIsRetriedAtItsBackoffDeadlineAndAnEmptyOutboxWakesNothing(@TempDir Path dir)
            throws Exception {
        Recording channel = new Recording();
        try (ChannelDelivery delivery = delivery(channel, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            time.runDue();
            long idle = time.tasksRun();
            time.advance(Duration.ofDays(1));
            assertThat(time.tasksRun()).as("nothing to deliver: no run in a day").isEqualTo(idle);

            channel.down.set(true);
            delivery.outbox().add(notification(0), Severity.HIGH);
            time.runDue();
            assertThat(delivery.failures()).isEqualTo(1);
            // retries after 1 s, then 2 s, 4 s, 8 s, 8 s: each exactly at its deadline
            long[] waits = {1000, 2000, 4000, 8000, 8000};
            for (int i = 0; i < waits.length; i++) {
                time.advance(Duration.ofMillis(waits[i] - 1));
                assertThat(delivery.failures()).as("retry %d not before its deadline", i + 1).isEqualTo(i + 1);
                time.advance(Duration.ofMillis(1));
                assertThat(delivery.failures()).as("retry %d at its deadline", i + 1).isEqualTo(i + 2);
            }
            channel.down.set(false);
            time.advance(Duration.ofSeconds(8));
            assertThat(channel.ids()).containsExactly(notification(0).id());
            assertThat(delivery.backlog()).isZero();
        }
    }

    @Test
    void notificationsAddedWhileBackingOffWaitForTheRetryDeadline(@TempDir Path dir) throws Exception {
        Recording channel = new Recording();
        try (ChannelDelivery delivery = delivery(channel, new NotificationOutbox(dir.resolve("rec.log"), 100))) {
            channel.down.set(true);
            delivery.outbox().add(notification(0), Severity.HIGH);
            time.runDue();
            time.advance(Duration.ofSeconds(1));
            assertThat(delivery.failures()).as("first attempt and the retry after 1 s").isEqualTo(2);
            // backing off for 2 s now: a burst of new notifications must not cut that short
            for (int i = 1; i <= 5; i++) {
                delivery.outbox().add(notification(i), Severity.HIGH);
                time.advance(Duration.ofMillis(300));
            }
            assertThat(delivery.failures()).as("no attempt before the 2 s deadline").isEqualTo(2);
            time.advance(Duration.ofMillis(500));
            assertThat(delivery.failures()).as("the retry at its deadline").isEqualTo(3);
            channel.down.set(false);
            time.advance(Duration.ofSeconds(4));
            assertThat(channel.ids()).hasSize(6);
            assertThat(delivery.backlog()).isZero();
        }
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
            time.advance(Duration.ofSeconds(3));
            assertThat(delivery.failures()).isEqualTo(3);
            channel.down.set(false);
            time.advance(Duration.ofSeconds(4));
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
            time.advance(Duration.ofMinutes(1));
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
