package io.watchtower.runtime.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.baseline.Adjustment;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SignalComposer;

import java.time.ZoneOffset;
import java.util.List;

/** How a series shows the feedback adjustments in force: in its API object and on the status page. */
final class FeedbackNotes {

    private FeedbackNotes() {
    }

    /** Adds {@code feedback}: one object per adjustment in force, with its sentence as {@code text}. */
    static void json(ObjectNode node, SeriesView view) {
        json(node, view.adjustments());
    }

    /**
     * Adds {@code feedback} for adjustments of a series as another host published them to the registry:
     * the same objects and sentences as for this host's own series.
     */
    static void json(ObjectNode node, List<Adjustment> adjustments) {
        if (adjustments == null || adjustments.isEmpty()) {
            return;
        }
        ArrayNode list = node.putArray("feedback");
        for (Adjustment a : adjustments) {
            ObjectNode n = list.addObject();
            n.put("answer", a.answer().wireName());
            n.put("scope", a.scope());
            n.put("answers", a.answers());
            n.put("first_at", SignalComposer.iso(a.since()));
            n.put("last_at", SignalComposer.iso(a.lastAt()));
            n.put("until", SignalComposer.iso(a.until()));
            n.put("who", a.who());
            n.put("note", a.note());
            if (a.bandFactor() != 1) {
                n.put("band_factor", a.bandFactor());
            }
            if (a.allowance() > 0) {
                n.put("allowance", a.allowance());
            }
            n.put("text", a.describe(ZoneOffset.UTC));
        }
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
