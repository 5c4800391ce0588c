package io.watchtower.runtime.signal;

import io.watchtower.spi.Severity;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;


import java.io.UncheckedIOException;

/** Signals to and from their JSON wire form (snake_case keys). */
public final class SignalJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .addMixIn(Severity.class, SeverityWireName.class);

    /** Severities by their wire names ({@code critical}), as the plugin API cannot carry Jackson's annotations. */
    private abstract static class SeverityWireName {
        @JsonValue
        abstract String wireName();
    }

    private SignalJson() {
    }

    /**
     * @param signal a signal
     * @return one line of JSON
     */
    public static String write(Signal signal) {
        try {
            return MAPPER.writeValueAsString(signal);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json one signal's JSON
     * @return the signal
     * @throws IllegalArgumentException when it is not a signal
     */
    public static Signal read(String json) {
        try {
            return MAPPER.readValue(json, Signal.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a signal: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the mapper used for the wire form */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
