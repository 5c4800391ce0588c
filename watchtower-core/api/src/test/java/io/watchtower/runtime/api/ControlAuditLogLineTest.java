package io.watchtower.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit lines written with the streaming generator are the lines the object tree wrote before, and read back. */
class ControlAuditLogLineTest {

    @Test
    void aLineIsWhatTheTreeWrote() throws Exception {
        Map<String, String> details = Map.of("silence", "s-1", "matchers", "component=orders-db check=\"x\"",
                "author", "é ✓ \\ \u0001", "expires", "2026-11-22T10:00:00Z");
        ObjectNode before = SignalJson.mapper().createObjectNode();
        before.put("at", "2026-11-22T09:00:00Z");
        before.put("who", "ops");
        before.put("action", "silence.create");
        before.set("details", SignalJson.mapper().valueToTree(new TreeMap<>(details)));
        String line = new String(ControlAuditLog.line("2026-11-22T09:00:00Z", "ops", "silence.create", details),
                StandardCharsets.UTF_8);
        assertThat(line).isEqualTo(before + "\n");
        assertThat(SignalJson.mapper().readTree(line)).isEqualTo(before);
    }
}
