package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Notifications written and read with the streaming API: the same JSON as the object tree that wrote
 * them before (channels send it, outboxes keep it), and outbox lines of that form load.
 */
class NotificationJsonTest {

    private static String writtenBefore(Notification n) {
        ObjectNode node = SignalJson.mapper().valueToTree(n.signal());
        node.set("escalation", SignalJson.mapper().valueToTree(n.escalation()));
        return node.toString();
    }

    private static Notification readBefore(String json) throws Exception {
        ObjectNode object = (ObjectNode) SignalJson.mapper().readTree(json);
        JsonNode escalation = object.remove("escalation");
        return new Notification(SignalJson.mapper().treeToValue(object, Signal.class),
                SignalJson.mapper().treeToValue(escalation, Notification.Escalation.class));
    }

    private static List<Notification> notifications() {
        Signal firing = TestSignals.firing("connect_ms");
        Signal stale = new Signal(firing.schema(), "st", "fp2", firing.tower(), "orders-db", null, "loss",
                firing.kind(), SignalState.STALE, Severity.LOW, null, "open", null, null, null, 0.25, null, null,
                "gone \"quiet\" é", null, null, null, null, null, true, new Signal.Flap(2, 60, 30),
                new Signal.Stale("2026-01-05T00:00:00Z", 3, null));
        Member one = Member.of(firing, "medium", null);
        Member two = Member.of(stale, "low", "s-1");
        return List.of(
                new Notification(firing, new Notification.Escalation("n-1", Notification.FIRING, "medium", "high",
                        120_000, List.of(one, two), null, new Notification.Fleet(List.of("web-1", "web-2"),
                        List.of("web-1"), null))),
                new Notification(stale, new Notification.Escalation(null, Notification.RESOLVED, null, null, 0,
                        List.of(), List.of(two), null)),
                new Notification(firing, new Notification.Escalation("n-3", Notification.REPEAT, "low", "low", 5, null,
                        null, new Notification.Fleet(null, null, "seen from 1 of 2 hosts"))));
    }

    @Test
    void writesAndReadsWhatTheTreeDid() throws Exception {
        for (Notification n : notifications()) {
            String before = writtenBefore(n);
            assertThat(n.json()).isEqualTo(before);
            assertThat(Notification.read(before)).isEqualTo(readBefore(before));
            assertThat(Notification.read(before)).isEqualTo(n);
        }
    }

    @Test
    void whatIsNotANotificationIsRefused() {
        for (String bad : List.of("[]", "{\"id\":\"x\"}", "{\"escalation\":[1]}", "{\"escalation\":{\"group\":{}}}", "{")) {
            assertThatThrownBy(() -> Notification.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a notification");
        }
    }
}
