package io.watchtower.runtime.series;

import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.signal.SeriesKey;
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
 * @param firingSince epoch ms the current firing began, or -1
 * @param staleSince epoch ms of its last observation while it is stale (its tower's probes complete
 *                   without it), or -1 while its observations arrive
 * @param missedProbes completed probes of its tower in a row without it, once stale
 * @param adjustments the feedback adjustments in force (see {@link io.watchtower.baseline.Adjustment})
 */
public record SeriesView(SeriesKey key, SeriesRole role, String component, String unit,
                         io.watchtower.baseline.Confidence confidence, long samples, Verdict last, boolean firing,
                         SignalKind firingKind, long learnedSince, long firingSince, long staleSince, int missedProbes,
                         java.util.List<io.watchtower.baseline.Adjustment> adjustments) {

    /** @return {@code stale}, {@code firing} or {@code ok}: how the API, the CLI and the registry name its state */
    public String state() {
        return stale() ? "stale" : firing ? "firing" : "ok";
    }

    /** @return whether the series is stale */
    public boolean stale() {
        return staleSince >= 0;
    }

    /** @return whether its last verdict says it fires and resolves repeatedly */
    public boolean flapping() {
        return last != null && last.flapping();
    }
}
