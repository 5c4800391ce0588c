package io.watchtower.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNotifierTest {

    private final List<String> sent = new ArrayList<>();
    private final ServiceNotifier notifier = new ServiceNotifier(new ServiceNotifier.Sink() {
        @Override
        public void send(String message) {
            sent.add(message);
        }

        @Override
        public void close() {
        }
    }, Optional.of(Duration.ofSeconds(30)), () -> 123_456_789L);

    @Test
    void lifecycleMessagesFollowTheNotifyProtocol() {
        notifier.ready("watching with 2 tower(s)");
        notifier.reloading();
        notifier.stopping();

        assertThat(sent).containsExactly("READY=1\nSTATUS=watching with 2 tower(s)",
                "RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC=123456789", "STOPPING=1\nSTATUS=stopping");
    }

    @Test
    void watchdogIsFedOnlyWhileTheSchedulerAnswers() {
        assertThat(notifier.feedWatchdog(Duration.ofMillis(900))).isTrue();
        assertThat(notifier.feedWatchdog(Duration.ofSeconds(6))).isFalse();
        assertThat(notifier.feedWatchdog(Duration.ofSeconds(60))).isFalse();
        assertThat(notifier.feedWatchdog(Duration.ofMillis(200))).isTrue();

        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1");
    }

    @Test
    void watchdogTimeoutComesFromTheEnvironmentForThisProcessOnly() {
        assertThat(ServiceNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "20000000"), 42))
                .contains(Duration.ofSeconds(20));
        assertThat(ServiceNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "42"), 42))
                .contains(Duration.ofSeconds(20));
        assertThat(ServiceNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "7"), 42))
                .isEmpty();
        assertThat(ServiceNotifier.watchdogTimeout(Map.of(), 42)).isEmpty();
        assertThat(ServiceNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        ServiceNotifier none = ServiceNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"));
        assertThat(none.enabled()).isFalse();
        assertThat(none.feedWatchdog(Duration.ZERO)).isFalse();
        none.close();
    }

    @Test
    void socketAddressesAreSockaddrUn() throws IOException {
        byte[] path = NotifySocket.sockaddr("/run/systemd/notify");
        assertThat(new String(path, 2, "/run/systemd/notify".length(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("/run/systemd/notify");
        assertThat(NotifySocket.addressLength("/run/systemd/notify")).isEqualTo(2 + 19 + 1);
        byte[] abstractName = NotifySocket.sockaddr("@watchtower/notify");
        assertThat(abstractName[2]).isZero();
        assertThat(NotifySocket.addressLength("@watchtower/notify")).isEqualTo(2 + 18);
        assertThatThrownBy(() -> NotifySocket.sockaddr("relative/notify")).hasMessageContaining("absolute path or @name");
        assertThatThrownBy(() -> NotifySocket.sockaddr("/" + "x".repeat(120))).hasMessageContaining("longer than 107");
    }

    @Test
    void monotonicClockAdvances() {
        long a = NotifySocket.monotonicMicros();
        long b = NotifySocket.monotonicMicros();
        assertThat(a).isPositive();
        assertThat(b).isGreaterThanOrEqualTo(a);
        // CLOCK_MONOTONIC and the JVM's nanoTime share the same epoch on Linux: within a second here.
        assertThat(Math.abs(System.nanoTime() / 1_000L - b)).isLessThan(1_000_000L);
    }
}
