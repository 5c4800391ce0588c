package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal rotates into segments, offsets run on, and start-up needs only the firing state and the current segment. */
class JournalRotationTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    /** 60 transitions of 12 series: each fires, resolves and fires again; the last five never resolve. */
    private static List<Signal> history() {
        List<Signal> out = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int c = 0; c < 12; c++) {
                Instant at = T0.plusSeconds(round * 100L + c);
                Signal firing = Signals.firing("component-" + c, "latency", "high", 0.9, at, at);
                out.add(round % 2 == 1 && c < 7 ? Signals.resolved(firing, at.plusSeconds(1)) : firing);
            }
        }
        return out;
    }

    private static Map<String, String> lastFiring(List<Signal> signals) {
        Map<String, Signal> last = new LinkedHashMap<>();
        signals.forEach(s -> last.put(s.fingerprint(), s));
        return last.values().stream().filter(Signal::firing)
                .collect(Collectors.toMap(Signal::fingerprint, Signal::id, (a, b) -> b, java.util.TreeMap::new));
    }

    private static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("signals-\\d{20}\\.jsonl")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void rotatesIntoSegmentsWithOffsetsThatRunOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        List<Signal> history = history();
        List<Long> offsets = new ArrayList<>();
        try (SignalJournal journal = new SignalJournal(file, 4000, 2)) {
            for (Signal s : history) {
                offsets.add(journal.append(s));
            }
            assertThat(offsets).isSorted().doesNotHaveDuplicates();
            assertThat(segments(dir)).as("rotated segments, the oldest deleted beyond two").hasSize(2);
            assertThat(Files.size(file)).isLessThan(4000);
            long first = journal.start();
            assertThat(first).isPositive();
            // a reader walks from the oldest offset kept to the end, across segments, in order
            List<String> ids = new ArrayList<>();
            for (long offset = first; ; ) {
                List<SignalJournal.Entry> batch = journal.read(offset, 7);
                if (batch.isEmpty()) {
                    break;
                }
                batch.forEach(e -> ids.add(io.watchtower.runtime.signal.SignalJson.read(e.json()).id()));
                offset = batch.get(batch.size() - 1).next();
            }
            int firstKept = offsets.indexOf(first);
            assertThat(firstKept).isPositive();
            assertThat(ids).containsExactlyElementsOf(history.subList(firstKept, history.size()).stream()
                    .map(Signal::id).collect(Collectors.toList()));
            assertThat(journal.readAll()).extracting(Signal::id).containsExactlyElementsOf(ids);
            assertThat(journal.diskBytes()).isLessThan(journal.size());
            assertThat(journal.firingState()).extracting(Signal::id)
                    .containsExactlyInAnyOrderElementsOf(lastFiring(history).values());
        }
    }

    @Test
    void startUpNeedsOnlyTheFiringStateAndTheCurrentSegment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        List<Signal> history = history();
        long size;
        try (SignalJournal journal = new SignalJournal(file, 4000, 5)) {
            history.forEach(journal::append);
            size = journal.size();
        }
        for (Path segment : segments(dir)) {
            Files.delete(segment); // whatever the history held, start-up does not read it
        }
        try (SignalJournal journal = new SignalJournal(file, 4000, 5)) {
            assertThat(journal.size()).isEqualTo(size);
            assertThat(journal.firingState()).extracting(Signal::id)
                    .containsExactlyInAnyOrderElementsOf(lastFiring(history).values());
            Signal later = Signals.resolved(history.get(history.size() - 1), T0.plusSeconds(9999));
            assertThat(journal.append(later)).isEqualTo(size);
        }
    }

    @Test
    void keepsSegmentsAReaderHasNotReadPast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        AtomicLong reader = new AtomicLong();
        try (SignalJournal journal = new SignalJournal(file, 4000, 1)) {
            journal.retainFor(reader::get);
            history().forEach(journal::append);
            assertThat(journal.start()).as("a reader at 0 keeps everything").isZero();
            assertThat(segments(dir).size()).isGreaterThan(1);
            long caughtUp = journal.size();
            reader.set(caughtUp); // the reader has read everything so far
            history().forEach(s -> journal.append(Signals.resolved(s, T0.plusSeconds(5000))));
            assertThat(journal.start()).as("segments read past are deleted").isPositive();
            assertThat(journal.start()).as("the segment the reader is in is kept").isLessThanOrEqualTo(caughtUp)
                    .isGreaterThan(caughtUp - 4000 - 2000);
        }
    }

    @Test
    void aRotationInterruptedBeforeItsStateWasSavedIsTakenBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        List<Signal> history = history().subList(0, 5);
        try (SignalJournal journal = new SignalJournal(file)) {
            history.forEach(journal::append);
        }
        // the crash came after the segment was renamed and the new one created, before the state moved in
        Files.move(file, dir.resolve(String.format("signals-%020d.jsonl", 0)));
        Files.createFile(file);
        try (SignalJournal journal = new SignalJournal(file)) {
            assertThat(journal.readAll()).extracting(Signal::id)
                    .containsExactlyElementsOf(history.stream().map(Signal::id).collect(Collectors.toList()));
            assertThat(segments(dir)).isEmpty();
        }
    }
}
