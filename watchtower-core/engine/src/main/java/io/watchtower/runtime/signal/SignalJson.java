package io.watchtower.runtime.signal;

import io.watchtower.spi.Severity;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Signals to and from their JSON wire form (snake_case keys).
 *
 * <p>Signals are written and read with Jackson's streaming API ({@link SignalWriter}, {@link SignalReader}):
 * the daemon's run path does not load Jackson's databinding. {@link #mapper()} builds the object mapper
 * of the same wire conventions on first use, for the command line and the few API answers that still
 * bind objects.
 */
public final class SignalJson {

    /** Severities by their wire names ({@code critical}), as the plugin API cannot carry Jackson's annotations. */
    private abstract static class SeverityWireName {
        @JsonValue
        abstract String wireName();
    }

    /** Holds the mapper, so that it (and Jackson's databinding) is loaded only when first asked for. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
                .addMixIn(Severity.class, SeverityWireName.class);
    }

    private SignalJson() {
    }

    /**
     * @param signal a signal
     * @return one line of JSON
     */
    public static String write(Signal signal) {
        return SignalWriter.write(signal);
    }

    /**
     * @param json one signal's JSON
     * @return the signal
     * @throws IllegalArgumentException when it is not a signal
     */
    public static Signal read(String json) {
        return SignalReader.read(json);
    }

    /** @return the object mapper of the wire conventions (snake_case keys, severities by wire name), built on first use */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }
}
