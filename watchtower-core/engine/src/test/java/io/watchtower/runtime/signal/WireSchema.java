package io.watchtower.runtime.signal;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates wire forms (signals and notifications) against docs/signal-v1.schema.json. */
public final class WireSchema {

    private static final JsonSchema SCHEMA = load();

    private WireSchema() {
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

    public static void assertValid(String json) {
        try {
            Set<String> violations = SCHEMA.validate(SignalJson.mapper().readTree(json)).stream()
                    .map(Object::toString).collect(Collectors.toSet());
            if (!violations.isEmpty()) {
                throw new AssertionError("violates docs/signal-v1.schema.json: " + violations + "\n" + json);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
