package io.watchtower.runtime.signal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Identifies one series: a tower, one of its targets, one check.
 *
 * @param tower the tower id
 * @param target the target name (empty for tower-wide series)
 * @param check the check name
 */
public record SeriesKey(String tower, String target, String check) implements Comparable<SeriesKey> {

    /** Check name of a target's reachability series. */
    public static final String REACHABLE = "reachable";
    /** Check name of a tower's own probe-health series. */
    public static final String PROBE = "probe";

    /** Validates the parts. */
    public SeriesKey {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(check, "check");
    }

    /** @return a stable id usable in URLs: {@code tower/target/check} with the target URL-encoded */
    public String id() {
        return tower + "/" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "/" + check;
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = tower.compareTo(o.tower);
        if (c == 0) {
            c = target.compareTo(o.target);
        }
        return c != 0 ? c : check.compareTo(o.check);
    }

    @Override
    public String toString() {
        return id();
    }
}
