package io.watchtower.runtime.probe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The drop warning names a tower at its first drop, then at most once a minute with the sum since. */
class DropWarningTest {

    private long nanos;

    private final TowerClock clock = new TowerClock() {
        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(nanos);
        }

        @Override
        public long nanoTime() {
            return nanos;
        }
    };

    @Test
    void warnsAtTheFirstDropThenOnceAMinuteWithEverythingSince() {
        Logger log = (Logger) LoggerFactory.getLogger("drop-warning-test");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        DropWarning warning = new DropWarning("t", clock, log);

        assertThat(warning.probed(ProbeResult.Drops.NONE)).as("nothing dropped, nothing said").isFalse();
        assertThat(warning.probed(new ProbeResult.Drops(5, 0, 0))).isTrue();
        nanos += Duration.ofSeconds(10).toNanos();
        assertThat(warning.probed(new ProbeResult.Drops(5, 1, 0))).isFalse();
        nanos += Duration.ofSeconds(10).toNanos();
        assertThat(warning.probed(ProbeResult.Drops.NONE)).isFalse();
        nanos += Duration.ofSeconds(40).toNanos();
        assertThat(warning.probed(new ProbeResult.Drops(0, 0, 2))).isTrue();
        nanos += Duration.ofMinutes(5).toNanos();
        assertThat(warning.probed(ProbeResult.Drops.NONE)).as("nothing pending").isFalse();

        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "tower t dropped 5 observations in 1 probe(s): 5 over the cap of 10000 per probe, 0 reported after"
                        + " the probe ended, 0 without a check",
                "tower t dropped 8 observations in 3 probe(s): 5 over the cap of 10000 per probe, 1 reported after"
                        + " the probe ended, 2 without a check");
        log.detachAppender(events);
    }
}
