package io.watchtower.runtime.series;

import io.watchtower.baseline.Verdict;

/**
 * A read-only look at one series, for the API and the registry.
 *
 * @param key the series
 * @param role what it stands for
 * @param component its component
 * @param unit the unit of its values
 * @param last its last verdict, or null before the first observation
 * @param firing whether it is firing
 * @param firingKind the kind of the current firing, or null
 * @param learnedSince epoch ms it started learning
 */
public record SeriesView(SeriesKey key, SeriesRole role, String component, String unit, Verdict last, boolean firing,
                         String firingKind, long learnedSince) {
}
