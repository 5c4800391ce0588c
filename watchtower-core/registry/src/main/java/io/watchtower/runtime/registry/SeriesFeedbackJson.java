package io.watchtower.runtime.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchtower.baseline.Adjustment;
import io.watchtower.runtime.json.JsonValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A series' feedback adjustments as the fleet registry keeps them: one JSON array in the
 * {@code baselines.feedback} column ({@code V4__series_feedback.sql}), the same fields the local store
 * and the publication outbox hold.
 */
final class SeriesFeedbackJson {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesFeedbackJson.class);

    private SeriesFeedbackJson() {
    }

    /** @return the JSON array, or null when there are no adjustments */
    static String write(List<Adjustment> adjustments) {
        if (adjustments == null || adjustments.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            AdjustmentJson.write(g, adjustments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @return the adjustments of a column value; none for NULL or a value that is not such an array (logged) */
    static List<Adjustment> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            JsonValues.first(p);
            return AdjustmentJson.read(p);
        } catch (IOException | RuntimeException e) {
            LOG.warn("feedback adjustments in the fleet registry are not readable and are left out: {}", e.getMessage());
            return List.of();
        }
    }
}
