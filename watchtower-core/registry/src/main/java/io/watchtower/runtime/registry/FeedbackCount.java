package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.SignalComposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How often a check was answered, across the fleet: the first place to tune is the check with the
 * most {@code noise}.
 *
 * @param component the component
 * @param check the check
 * @param noise {@code noise} answers
 * @param expected {@code expected} answers
 * @param useful {@code useful} answers
 * @param hosts how many hosts' series were answered
 * @param last the latest answer (ISO-8601)
 */
public record FeedbackCount(String component, String check, long noise, long expected, long useful, int hosts,
                            String last) {

    /** Most noise first, then most expected, then by component and check. */
    public static final Comparator<FeedbackCount> RANKING = Comparator.comparingLong(FeedbackCount::noise).reversed()
            .thenComparing(Comparator.comparingLong(FeedbackCount::expected).reversed())
            .thenComparing(FeedbackCount::component).thenComparing(FeedbackCount::check);

    /**
     * Ranks records (the local answer, without a fleet registry).
     *
     * @param records feedback records
     * @param sinceMs only answers at or after this, epoch ms
     * @return one count per component and check, ranked
     */
    public static List<FeedbackCount> rank(List<FeedbackRecord> records, long sinceMs) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Set<String>> hosts = new TreeMap<>();
        Map<String, Long> last = new TreeMap<>();
        for (FeedbackRecord r : records) {
            long at = r.atMillis();
            if (at < sinceMs) {
                continue;
            }
            String key = r.component() + "\u0000" + r.check();
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[r.answer().equals("noise") ? 0 : r.answer().equals("expected") ? 1 : 2]++;
            hosts.computeIfAbsent(key, k -> new HashSet<>()).add(r.host());
            last.merge(key, at, Math::max);
        }
        List<FeedbackCount> ranked = new ArrayList<>();
        counts.forEach((key, c) -> {
            int split = key.indexOf('\u0000');
            ranked.add(new FeedbackCount(key.substring(0, split), key.substring(split + 1), c[0], c[1], c[2],
                    hosts.get(key).size(), SignalComposer.iso(last.get(key))));
        });
        ranked.sort(RANKING);
        return ranked;
    }
}
