package io.watchtower.runtime.config;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channel types and keys, escalation and delivery settings, and depends-on are validated with exact messages. */
class ChannelConfigTest {

    private static DaemonConfig load(String body) {
        return new ConfigLoader(Map.of()).validate(ConfigFactory.parseString("watchtower {\n" + body + "\n}"),
                Path.of("t.conf"));
    }

    @Test
    void readsChannelsEscalationDeliveryAndDependencies() {
        DaemonConfig c = load("channels = [ { type = alertmanager, url = \"http://127.0.0.1:9093\", severities = [critical, high] },\n"
                + " { type = webhook, url = \"https://hooks.example/w\" }, { type = redis-stream, url = \"redis://127.0.0.1:6379/2\", max-length = 5000 } ]\n"
                + "escalation { group-wait = 0s, repeat-interval = 2h }\ndelivery { outbox-size = 7, retry-min = 50ms }\n"
                + "towers { db { type = postgres, component = orders-db, depends-on = [app-to-db] }, app-to-db { type = network-path } }");
        assertThat(c.channels()).extracting(ChannelConfig::name).containsExactly("alertmanager", "webhook", "redis-stream");
        assertThat(c.escalation().groupWait()).isZero();
        assertThat(c.escalation().repeatInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(c.escalation().outboxSize()).isEqualTo(7);
        assertThat(c.escalation().retryMin()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.towers().get("db").dependsOn()).isEqualTo(List.of("app-to-db"));
        assertThat(load("").escalation()).as("the defaults of reference.conf").isEqualTo(new EscalationConfig(
                Duration.ofSeconds(10), Duration.ofHours(4), 0.9, Duration.ofMinutes(30), "", 10_000, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10)));
    }

    @Test
    void rejectsBadChannelsAndSettingsWithExactMessages() {
        assertThatThrownBy(() -> load("channels = [ { type = slack }, { type = webhook, url = \"ftp://x\", colour = red },\n"
                + " { type = console, severities = [urgent] }, { type = pager } ]\n"
                + "delivery { retry-min = 2s, retry-max = 1s }\n"
                + "towers { db { type = postgres, component = orders-db, depends-on = [orders-db] } }"))
                .hasMessageContaining("watchtower.channels[0].url: is required for a slack channel")
                .hasMessageContaining("watchtower.channels[1].url: expected an http:// or https:// URL, got \"ftp://x\"")
                .hasMessageContaining("watchtower.channels[1].colour: unknown key for a webhook channel")
                .hasMessageContaining("watchtower.channels[2].severities: expected a non-empty list of critical, high, medium, low")
                .hasMessageContaining("unknown channel type \"pager\"")
                .hasMessageContaining("watchtower.delivery.retry-max: must not be shorter than retry-min")
                .hasMessageContaining("depends-on: a component cannot depend on itself (orders-db)");
    }
}
