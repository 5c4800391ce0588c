package io.watchtower.runtime.api;

import io.watchtower.baseline.Confidence;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.spi.Unit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What the status page says about a series' value and its baseline, in words a person reads at a
 * glance: never a band for a baseline that has not been learned, never a band below zero for a
 * quantity that cannot be negative, never a multiple of (almost) nothing.
 */
final class SeriesWords {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private SeriesWords() {
    }

    /**
     * @param view a series
     * @return its unit (ratio for reachability and probe series)
     */
    static Unit unit(SeriesView view) {
        for (Unit u : Unit.values()) {
            if (u.wireName().equals(view.unit())) {
                return u;
            }
        }
        return Unit.NONE;
    }

    /**
     * @param view a series
     * @return for example "0.31 s, usual 0.20 s – 0.50 s", "12.4 s where it is usually 0 s",
     *     "learning: 12 samples so far, last 3.00 ms", "steady at [up] since 09:00 UTC"
     */
    static String now(SeriesView view) {
        Verdict last = view.last();
        if (last == null) {
            return "no observation since the daemon started (baseline of " + view.samples() + " samples restored)";
        }
        if (view.role() != SeriesRole.CHECK) {
            return health(view.role(), last.value()) + " at the last probe";
        }
        if (last.state() != null || !Double.isFinite(last.value())) {
            return last.flapping() && last.state() != null ? "now [" + last.state() + "], changing back and forth"
                    : state(last);
        }
        Unit unit = unit(view);
        String value = unit.format(last.value());
        if (last.confidence() == Confidence.LEARNING || !Double.isFinite(last.expected())) {
            return value + "; baseline learning (" + view.samples() + " samples so far)";
        }
        double expected = floor(last.expected(), unit);
        String usual = band(last, unit);
        boolean above = Double.isFinite(last.upper()) && last.value() > last.upper();
        boolean below = Double.isFinite(last.lower()) && last.value() < last.lower();
        if (!above && !below) {
            return value + ", " + usual;
        }
        if (unit.format(expected).equals(unit.format(0)) || expected <= 0) {
            return value + " where it is usually " + unit.format(expected) + " (" + usual + ")";
        }
        double multiple = last.value() / expected;
        if (above && multiple >= 2 && multiple < SignalComposer.LARGEST_MULTIPLE) {
            return value + ", " + String.format(java.util.Locale.ROOT, multiple >= 10 ? "%.0f" : "%.1f", multiple)
                    + "× the usual " + unit.format(expected) + " (" + usual + ")";
        }
        return value + (above ? ", above " : ", below ") + usual;
    }

    /**
     * @param role a reachability or probe-health series
     * @param value its observation: 1 when the target did not answer or the probe failed
     * @return "unreachable" or "reachable"; "probe failing" or "probe ok"
     */
    static String health(SeriesRole role, double value) {
        boolean bad = value >= 0.5;
        if (role == SeriesRole.REACHABILITY) {
            return bad ? "unreachable" : "reachable";
        }
        return bad ? "probe failing" : "probe ok";
    }

    /** @return "usual 0.20 s – 0.50 s", or "usually exactly 0" for a flat baseline */
    static String band(Verdict last, Unit unit) {
        if (!Double.isFinite(last.lower()) || !Double.isFinite(last.upper())) {
            return "usual " + unit.format(floor(last.expected(), unit));
        }
        String lower = unit.format(floor(last.lower(), unit));
        String upper = unit.format(floor(last.upper(), unit));
        return lower.equals(upper) ? "usually exactly " + lower : "usual " + lower + " – " + upper;
    }

    private static String state(Verdict last) {
        if (last.state() == null) {
            return "no value";
        }
        if (last.stableState() != null && !last.stableState().equals(last.state())) {
            return "now [" + last.state() + "], long-stable [" + last.stableState() + "]";
        }
        return "steady at [" + last.state() + "]" + (last.stableSince() >= 0 ? " since " + clock(last.stableSince()) : "");
    }

    /**
     * @param view a stale series
     * @return why it is stale and since when
     */
    static String stale(SeriesView view) {
        Verdict last = view.last();
        String value = last == null ? "" : last.state() != null ? ", last [" + last.state() + "]"
                : Double.isFinite(last.value()) ? ", last " + unit(view).format(last.value()) : "";
        return "No data since " + clock(view.staleSince()) + value + ": tower " + view.key().tower() + " probed "
                + view.missedProbes() + " times in a row without this series while its other series arrive.";
    }

    /**
     * @param since epoch ms
     * @param now epoch ms
     * @return for example "since 12:01 UTC (4 min 10 s)"
     */
    static String since(long since, long now) {
        return "since " + clock(since) + " (" + SignalComposer.human(Duration.ofMillis(Math.max(0, now - since))) + ")";
    }

    static String clock(long epochMillis) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis));
    }

    private static double floor(double value, Unit unit) {
        return unit.nonNegative() && value < 0 ? 0 : value;
    }
}
