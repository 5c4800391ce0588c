package io.watchtower.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates signals against the wire schema v1, {@code docs/signal-v1.schema.json} (the kit ships
 * that very file). Every test that produces signals calls {@link #assertValid}.
 */
public final class SignalSchema {

    private static final JsonSchema SCHEMA = load();

    private SignalSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = SignalSchema.class.getResourceAsStream("signal-v1.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("signal-v1.schema.json is missing from the test kit");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json a signal's JSON
     * @return the schema violations; empty when valid
     */
    public static Set<String> violations(String json) {
        try {
            JsonNode node = SignalJson.mapper().readTree(json);
            return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }

    /**
     * @param json a signal's JSON
     * @throws AssertionError naming every violation
     */
    public static void assertValid(String json) {
        Set<String> violations = violations(json);
        if (!violations.isEmpty()) {
            throw new AssertionError("signal violates docs/signal-v1.schema.json: " + violations + "\n" + json);
        }
    }

    /**
     * @param signal a signal
     * @throws AssertionError naming every violation
     */
    public static void assertValid(Signal signal) {
        assertValid(SignalJson.write(signal));
    }
}
