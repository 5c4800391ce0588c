package io.watchtower.runtime.series;

import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.signal.SignalKind;

/**
 * A read-only look at one series, for the API and the registry.
 *
 * @param key the series
 * @param role what it stands for
 * @param component its component
 * @param unit the unit of its values
 * @param confidence its current confidence (restored series have one before their first observation)
 * @param samples observations its baseline learned from
 * @param last its last verdict, or null before the first observation since start
 * @param firing whether it is firing
 * @param firingKind the kind of the current firing, or null
 * @param learnedSince epoch ms it started learning
 */
public record SeriesView(SeriesKey key, SeriesRole role, String component, String unit,
                         io.watchtower.baseline.Confidence confidence, long samples, Verdict last, boolean firing,
                         SignalKind firingKind, long learnedSince) {
}
