package io.watchtower.runtime.state;

import io.watchtower.runtime.signal.SeriesKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotStoreTest {

    private static Map<SeriesKey, byte[]> sample() {
        Map<SeriesKey, byte[]> m = new TreeMap<>();
        m.put(new SeriesKey("a", "x:1", "connect_time"), new byte[] {1, 2, 3});
        m.put(new SeriesKey("a", "x:1", "reachable"), new byte[] {4, 5});
        m.put(new SeriesKey("b", "", "probe"), new byte[] {6});
        return m;
    }

    @Test
    void roundTrips(@TempDir Path dir) throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("baselines.snap"));
        store.write(sample());
        Map<SeriesKey, byte[]> read = store.read();
        assertThat(read).hasSize(3);
        assertThat(read.get(new SeriesKey("a", "x:1", "reachable"))).containsExactly(4, 5);
        assertThat(Files.exists(dir.resolve("baselines.snap.tmp"))).isFalse();
    }

    @Test
    void aDamagedRecordCostsOnlyThatSeries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("baselines.snap");
        SnapshotStore store = new SnapshotStore(file);
        store.write(sample());
        byte[] bytes = Files.readAllBytes(file);
        // flip a byte inside the first record's body (after the 10-byte header and 4-byte length)
        bytes[10 + 4 + 3] ^= 0x55;
        Files.write(file, bytes);
        Map<SeriesKey, byte[]> read = store.read();
        assertThat(read).hasSize(2).doesNotContainKey(new SeriesKey("a", "x:1", "connect_time"));
    }

    @Test
    void garbageOrATruncatedFileNeverThrows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("baselines.snap");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(new SnapshotStore(file).read()).isEmpty();
        SnapshotStore store = new SnapshotStore(file);
        store.write(sample());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThat(store.read()).hasSize(2);
        assertThat(new SnapshotStore(dir.resolve("missing.snap")).read()).isEmpty();
    }
}
