package io.watchtower.runtime.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Duration settings are bounded above too: a typo such as 999999999999999d is refused, not saturated. */
class DurationBoundsTest {

    private static DaemonConfig load(String body) {
        return new ConfigLoader(Map.of()).validate(ConfigFactory.parseString("watchtower {\n" + body + "\n}"),
                Path.of("t.conf"));
    }

    @Test
    void towerIntervalAndBackoffAreAtMostADay() {
        assertThatThrownBy(() -> load("towers { app { type = network-path, interval = 999999999999999d,"
                + " backoff.max = 2d } }"))
                .hasMessageContaining("watchtower.towers.app.interval: must be at most 1d: expected a duration from 1s"
                        + " to 1d, got \"999999999999999d\"")
                .hasMessageContaining("watchtower.towers.app.backoff.max: must be at most 1d");
        assertThatThrownBy(() -> load("tower-defaults.interval = 25h\ntowers { app { type = network-path } }"))
                .hasMessageContaining("watchtower.towers.app.interval: must be at most 1d");
        assertThat(load("towers { app { type = network-path, interval = 1d, backoff.max = 1d } }").towers().get("app")
                .interval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void otherDurationsAreAtMostAYear() {
        assertThatThrownBy(() -> load("escalation.repeat-interval = 999999999999999d\nsnapshot-interval = 400d"))
                .hasMessageContaining("watchtower.escalation.repeat-interval: must be at most 365d")
                .hasMessageContaining("watchtower.snapshot-interval: must be at most 365d");
    }
}
