package io.watchtower.runtime.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.watchtower.runtime.registry.RegistryRecords.baseline;
import static io.watchtower.runtime.registry.RegistryRecords.signal;
import static io.watchtower.runtime.registry.RegistryRecords.tower;
import static org.assertj.core.api.Assertions.assertThat;

class LocalRegistryTest {

    private static final SignalQuery ALL = new SignalQuery(null, null, null, Long.MIN_VALUE, Long.MAX_VALUE, 1000);
    private static final SignalQuery FIRING = new SignalQuery("firing", null, null, Long.MIN_VALUE, Long.MAX_VALUE, 1000);

    @Test
    void writesAreIdempotentAndSurviveAReopen(@TempDir Path dir) throws Exception {
        SignalRecord fired = signal("h", "lag", "firing", 1000, 1000);
        SignalRecord resolved = signal("h", "lag", "resolved", 1000, 5000);
        SignalRecord other = signal("h", "conn", "firing", 2000, 2000);
        try (LocalRegistry r = new LocalRegistry(dir)) {
            r.putTowers("h", List.of(tower("h", "a", 10), tower("h", "b", 10)));
            r.putSignals(List.of(fired, other));
            r.putSignals(List.of(fired, resolved)); // replayed
            r.putBaselines(List.of(baseline("h", "a/x/lag", "global", 100)));
            r.putBaselines(List.of(baseline("h", "a/x/lag", "global", 100), baseline("h", "a/x/lag", "global", 50)));
            r.putBaselines(List.of(baseline("h", "a/x/lag", "global", 200), baseline("h", "a/x/lag", "sat-20h", 200)));
            r.heartbeat("h", List.of("a"), 5, 1000);
        }
        try (LocalRegistry r = new LocalRegistry(dir)) {
            assertThat(r.signals(ALL)).extracting(SignalRecord::id).containsExactly(fired.id(), other.id(), resolved.id());
            assertThat(r.signals(FIRING)).extracting(SignalRecord::id).as("lag resolved; conn fires").containsExactly(other.id());
            assertThat(r.seriesBaselines("h", "a/x/lag")).extracting(BaselineRecord::seasonBucket, BaselineRecord::revisions,
                    BaselineRecord::updatedMs).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("global", 2L, 200L), org.assertj.core.groups.Tuple.tuple("sat-20h", 1L, 200L));
            assertThat(r.towers("h")).extracting(TowerRecord::heartbeatMs).as("heartbeats never go back").containsExactly(10L, 10L);

            r.putTowers("h", List.of(tower("h", "b", 10)));
            assertThat(r.towers(null)).extracting(TowerRecord::id).containsExactly("b");
            assertThat(r.baselines(new BaselineQuery(null, null, null))).as("removed tower's baselines go too").isEmpty();
        }
    }

    @Test
    void aSeriesStateSurvivesAReopenAndAFileWithoutItStillLoads(@TempDir Path dir) throws Exception {
        try (LocalRegistry r = new LocalRegistry(dir)) {
            r.putTowers("h", List.of(tower("h", "a", 10)));
            r.putBaselines(List.of(baseline("h", "a/x/lag", "global", 100, "stale", false, 40L),
                    baseline("h", "a/y/lag", "global", 100, "firing", true, null)));
        }
        try (LocalRegistry r = new LocalRegistry(dir)) {
            assertThat(r.baselines(new BaselineQuery(null, null, null)))
                    .extracting(BaselineRecord::target, BaselineRecord::state, BaselineRecord::flapping,
                            BaselineRecord::staleSinceMs)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("x", "stale", false, 40L),
                            org.assertj.core.groups.Tuple.tuple("y", "firing", true, null));
        }
        Path file = dir.resolve("baselines.json");
        String written = java.nio.file.Files.readString(file);
        // as a daemon before series states wrote it
        java.nio.file.Files.writeString(file, written.replaceAll(",\\s*\"state\"\\s*:\\s*(\"[a-z]+\"|null)", "")
                .replaceAll(",\\s*\"flapping\"\\s*:\\s*(true|false)", "")
                .replaceAll(",\\s*\"stale_since_ms\"\\s*:\\s*(\\d+|null)", ""));
        try (LocalRegistry r = new LocalRegistry(dir)) {
            assertThat(r.baselines(new BaselineQuery(null, null, null))).hasSize(2)
                    .allSatisfy(b -> assertThat(b.state()).as("no state published: unknown").isNull());
        }
    }

    @Test
    void pruningKeepsRecentHistoryAndWhatFiresNow(@TempDir Path dir) throws Exception {
        SignalRecord oldResolvedFiring = signal("h", "lag", "firing", 1000, 1000);
        SignalRecord oldResolved = signal("h", "lag", "resolved", 1000, 2000);
        SignalRecord oldStillFiring = signal("h", "conn", "firing", 3000, 3000);
        SignalRecord recent = signal("h", "disk", "firing", 9000, 9000);
        try (LocalRegistry r = new LocalRegistry(dir)) {
            r.putSignals(List.of(oldResolvedFiring, oldResolved, oldStillFiring, recent));
            assertThat(r.prune(5000)).isEqualTo(2);
            assertThat(r.signals(ALL)).extracting(SignalRecord::id).containsExactly(oldStillFiring.id(), recent.id());
        }
        try (LocalRegistry r = new LocalRegistry(dir)) {
            assertThat(r.signals(ALL)).hasSize(2);
            r.putSignals(List.of(oldResolved));
            assertThat(r.signals(new SignalQuery(null, null, null, 1500, 2500, 10))).extracting(SignalRecord::id)
                    .containsExactly(oldResolved.id());
        }
    }

    @Test
    void keepsABoundedRecentHistoryAndWhatFiresNow(@TempDir Path dir) throws Exception {
        SignalRecord stillFiring = signal("h", "conn", "firing", 1, 1);
        java.util.List<SignalRecord> flapping = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flapping.add(signal("h", "lag", i % 2 == 0 ? "firing" : "resolved", 10 + 2 * (i / 2), 10 + i));
        }
        try (LocalRegistry r = new LocalRegistry(dir, 100)) {
            r.putSignals(List.of(stillFiring));
            for (SignalRecord s : flapping) {
                r.putSignals(List.of(s));
            }
            assertThat(r.signals(ALL).size()).isBetween(100, 110);
            assertThat(r.signals(ALL)).extracting(SignalRecord::id).contains(stillFiring.id())
                    .endsWith(flapping.get(499).id());
        }
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("signals.jsonl")).size())
                .as("the file is bounded too, not a second journal").isBetween(100, 110);
        try (LocalRegistry r = new LocalRegistry(dir, 50)) {
            assertThat(r.signals(ALL)).as("a smaller bound applies on open").hasSize(50);
            assertThat(r.signals(FIRING)).extracting(SignalRecord::id).containsExactly(stillFiring.id());
        }
    }
}
