package io.watchtower.runtime.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.watchtower.baseline.Adjustment;
import io.watchtower.runtime.signal.SignalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A series' feedback adjustments as the fleet registry keeps them: one JSON array in the
 * {@code baselines.feedback} column ({@code V4__series_feedback.sql}), the same fields the local store
 * and the publication outbox hold.
 */
final class SeriesFeedbackJson {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesFeedbackJson.class);
    private static final TypeReference<List<Adjustment>> LIST = new TypeReference<>() { };

    private SeriesFeedbackJson() {
    }

    /** @return the JSON array, or null when there are no adjustments */
    static String write(List<Adjustment> adjustments) {
        if (adjustments == null || adjustments.isEmpty()) {
            return null;
        }
        try {
            return SignalJson.mapper().writeValueAsString(adjustments);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the adjustments of a column value; none for NULL or a value that is not such an array (logged) */
    static List<Adjustment> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return SignalJson.mapper().readValue(json, LIST);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("feedback adjustments in the fleet registry are not readable and are left out: {}", e.getMessage());
            return List.of();
        }
    }
}
