package io.watchtower.runtime.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchtower.baseline.Adjustment;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SignalComposer;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;

/** How a series shows the feedback adjustments in force: in its API object and on the status page. */
final class FeedbackNotes {

    private FeedbackNotes() {
    }

    /** Adds {@code feedback}: one object per adjustment in force, with its sentence as {@code text}. */
    static void json(JsonGenerator g, SeriesView view) throws IOException {
        json(g, view.adjustments());
    }

    /**
     * Adds {@code feedback} for adjustments of a series as another host published them to the registry:
     * the same objects and sentences as for this host's own series.
     */
    static void json(JsonGenerator g, List<Adjustment> adjustments) throws IOException {
        if (adjustments == null || adjustments.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("feedback");
        for (Adjustment a : adjustments) {
            g.writeStartObject();
            g.writeStringField("answer", a.answer().wireName());
            g.writeStringField("scope", a.scope());
            g.writeNumberField("answers", a.answers());
            g.writeStringField("first_at", SignalComposer.iso(a.since()));
            g.writeStringField("last_at", SignalComposer.iso(a.lastAt()));
            g.writeStringField("until", SignalComposer.iso(a.until()));
            g.writeStringField("who", a.who());
            g.writeStringField("note", a.note());
            if (a.bandFactor() != 1) {
                g.writeNumberField("band_factor", a.bandFactor());
            }
            if (a.allowance() > 0) {
                g.writeNumberField("allowance", a.allowance());
            }
            g.writeStringField("text", a.describe(ZoneOffset.UTC));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** @return one {@code <p class="feedback">} per adjustment in force, or nothing */
    static String html(SeriesView view) {
        if (view.adjustments() == null || view.adjustments().isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder();
        for (Adjustment a : view.adjustments()) {
            h.append("<p class=\"feedback\">").append(StatusPage.esc(a.describe(ZoneOffset.UTC))).append("</p>");
        }
        return h.toString();
    }
}
