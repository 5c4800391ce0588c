package io.watchtower.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Signals for tests of the runtime, and validation against docs/signal-v1.schema.json. */
public final class TestSignals {

    private static final JsonSchema SCHEMA = load();

    private TestSignals() {
    }

    private static JsonSchema load() {
        Path schema = Path.of("../../docs/signal-v1.schema.json");
        try (InputStream in = Files.newInputStream(schema)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + schema.toAbsolutePath(), e);
        }
    }

    /** @param signal a signal @throws AssertionError when it violates the schema */
    public static void assertValid(Signal signal) {
        try {
            JsonNode node = SignalJson.mapper().readTree(SignalJson.write(signal));
            Set<String> violations = SCHEMA.validate(node).stream().map(Object::toString).collect(Collectors.toSet());
            if (!violations.isEmpty()) {
                throw new AssertionError("signal violates the schema: " + violations + "\n" + SignalJson.write(signal));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** @param check a check name @return a valid firing anomaly signal of that check */
    public static Signal firing(String check) {
        String fingerprint = "0123456789abcdef";
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, "firing", check.hashCode()), fingerprint,
                new Signal.TowerRef("t", "network-path", "h", "0.1.0"), "app", "127.0.0.1:1", check, "anomaly",
                "firing", "medium", 12.0, null, null, "milliseconds",
                new Signal.BaselineRef(1.0, 0.5, 1.5, "rolling-median-mad", 30, "partial", "global", null), 0.9,
                "2026-01-05T00:00:00Z", "2026-01-05T00:00:10Z", "Connect time is high", List.of(), Map.of(), List.of(),
                "", Map.of(), false);
    }
}
