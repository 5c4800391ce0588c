package io.watchtower.launcher.replay;

import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.WatchtowerVersion;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.util.List;
import java.util.Map;

/**
 * Judges one recorded series exactly as the daemon judges a tower's gauge: through the
 * {@link SeriesTracker}, with the same settings resolution, one probe per row.
 */
public final class SeriesReplay {

    /** The tower id replayed series run under. */
    public static final String TOWER = "replay";
    /** The check name replayed series run under. */
    public static final String CHECK = "value";
    /** The target replayed series run under. */
    public static final String TARGET = "series";

    private final SeriesTracker tracker;
    private final SeriesKey key = new SeriesKey(TOWER, TARGET, CHECK);
    private int fired;
    private long firingMillis;
    private long firingSince = -1;
    private long lastAt = Long.MIN_VALUE;

    /**
     * @param global global baseline settings (defaults unless a daemon configuration says otherwise)
     * @param settings the check's baseline block, as in {@code checks.<name>.baseline}
     */
    public SeriesReplay(DetectorSettings global, Config settings) {
        this.tracker = new SeriesTracker(new SignalComposer("replay", WatchtowerVersion.get()), global, signal -> {
            if (signal.firing()) {
                fired++;
            }
        });
        Config checkBlock = settings.isEmpty() ? ConfigFactory.empty() : settings.atKey("baseline");
        tracker.register(TowerRegistration.of(new TowerInfo(TOWER, "replay", TARGET, "", Map.of()), List.of(check()),
                ConfigFactory.empty(), Map.of(CHECK, checkBlock)));
    }

    /**
     * @return the check replayed values are judged as: a gauge, worse in both directions (a recorded
     *     series comes without a declaration of which way is bad), unless settings say otherwise
     */
    public static Check check() {
        return Check.gauge(CHECK).worseWhen(Direction.BOTH).describedAs("a replayed series");
    }

    /**
     * Judges one row.
     *
     * @param at epoch milliseconds, or {@link Long#MIN_VALUE} for an unreadable timestamp
     * @param value the value; NaN for a missing one
     * @return the verdict (the last one, unchanged, for rows that cannot be judged)
     */
    public Verdict judge(long at, double value) {
        if (at != Long.MIN_VALUE) {
            tracker.acceptObservation(TOWER, at, new Observation(TARGET, CHECK, Observation.Type.GAUGE, value, 0, 0, null));
        }
        Verdict v = tracker.last(key);
        if (v != null && at != Long.MIN_VALUE && at > lastAt) {
            if (lastAt != Long.MIN_VALUE && firingSince >= 0) {
                firingMillis += at - lastAt;
            }
            firingSince = v.firing() ? at : -1;
            lastAt = at;
        }
        return v;
    }

    /**
     * Applies a recorded answer to the replayed series, as the daemon applied it to its own (once the
     * series has been observed: an answer before the first row waits for it).
     *
     * @param feedback the answer
     * @return whether it was applied
     */
    public boolean feedback(io.watchtower.baseline.Feedback feedback) {
        if (tracker.last(key) == null) {
            return false;
        }
        tracker.feedback(key, feedback);
        return true;
    }

    /** @return signals fired so far */
    public int fired() {
        return fired;
    }

    /** @return time spent firing so far, in milliseconds of series time */
    public long firingMillis() {
        return firingMillis;
    }
}
