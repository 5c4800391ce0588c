package io.watchtower.runtime.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.escalation.EscalationSettings;
import io.watchtower.runtime.escalation.Escalator;
import io.watchtower.runtime.escalation.FleetView;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.escalation.Topology;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts the Alertmanager channel posts. Alertmanager keeps, per alert, the annotations last
 * posted for it, so a firing alert re-sent as a non-lead member of a later group must carry its
 * own description and evidence, not lose them.
 */
class AlertmanagerAlertsTest {

    @Test
    void aFiringReSentAsAMemberOfALaterGroupKeepsItsOwnDescriptionAndEvidence() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-10T20:00:00Z"));
        List<Notification> sent = new ArrayList<>();
        Escalator e = new Escalator(new EscalationSettings(Duration.ofSeconds(30), Duration.ofHours(4), 0.9,
                Duration.ofHours(1), ""), clock, null, Topology.none(), FleetView.SINGLE_HOST, n -> {
                    WireSchema.assertValid(n.json());
                    sent.add(Notification.read(n.json())); // as an outbox hands it to the channel
                });
        Signal connections = Signals.firing("orders-db", "connections", "medium", 0.6, clock.now(), clock.now());
        e.accept(connections);
        clock.advance(Duration.ofSeconds(30));
        e.tick();
        Signal lag = Signals.firing("orders-db", "replication_lag", "high", 0.6, clock.now(), clock.now());
        e.accept(lag);
        clock.advance(Duration.ofSeconds(30));
        e.tick();
        assertThat(sent).hasSize(2);
        Notification later = sent.get(1);
        assertThat(later.signal().check()).isEqualTo("replication_lag");
        assertThat(later.group()).extracting(m -> m.check()).containsExactly("replication_lag", "connections");

        JsonNode first = alert(sent.get(0), "connections");
        JsonNode again = alert(later, "connections");
        JsonNode annotations = again.get("annotations");
        assertThat(annotations.get("summary").asText()).isEqualTo(connections.summary());
        assertThat(annotations.get("description").asText())
                .startsWith(connections.summary() + ".")
                .contains("How bad: 12.0 s against a usual 0.300 s")
                .doesNotContain(lag.summary());
        assertThat(annotations.get("observed").asText()).isEqualTo("12.0 s");
        assertThat(annotations.get("expected").asText()).isEqualTo("0.300 s");
        assertThat(annotations.get("confidence").asText()).isEqualTo("ready");
        for (String key : List.of("observed", "expected", "season_bucket", "confidence", "score")) {
            assertThat(annotations.get(key)).as(key).isEqualTo(first.get("annotations").get(key));
        }
        JsonNode lead = alert(later, "replication_lag").get("annotations");
        assertThat(lead.get("description").asText()).startsWith(lag.summary() + ".");
    }

    private static JsonNode alert(Notification n, String check) throws Exception {
        for (JsonNode a : SignalJson.mapper().readTree(AlertmanagerChannel.alerts(n, "", Instant.now()))) {
            if (a.get("labels").get("check").asText().equals(check)) {
                return a;
            }
        }
        throw new AssertionError("no alert for " + check);
    }
}
