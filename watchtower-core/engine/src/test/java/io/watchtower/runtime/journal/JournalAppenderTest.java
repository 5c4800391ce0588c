package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signals are never lost to a full disk: held in order, written when there is room, no torn line left. */
class JournalAppenderTest {

    @Test
    void holdsSignalsInOrderOnAFullDiskAndWritesThemWhenSpaceReturns(@TempDir Path dir) throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "2m");
             SignalJournal journal = new SignalJournal(fs.path().resolve("signals.jsonl"))) {
            JournalAppender appender = new JournalAppender(journal);
            appender.accept(TestSignals.firing("a"));
            long good = journal.size();
            fs.fill();

            // larger than the room left in the journal's last page: the write stops part-way
            Signal big = withContext(TestSignals.firing("b"), "x".repeat(20_000));
            appender.accept(big);
            assertThat(Files.size(journal.file())).as("the torn part of the failed line is cut off").isEqualTo(good);
            assertThat(journal.size()).isEqualTo(good);
            appender.accept(TestSignals.firing("c"));
            assertThat(appender.held()).isEqualTo(2);
            assertThat(appender.healthy()).isFalse();
            assertThat(journal.writable()).isFalse();
            assertThat(appender.retry()).isFalse();
            assertThat(journal.readAll()).extracting(Signal::check).containsExactly("a");

            fs.free();
            assertThat(appender.retry()).isTrue();
            assertThat(appender.held()).isZero();
            assertThat(appender.healthy()).isTrue();
            assertThat(journal.writable()).isTrue();
            List<Signal> all = journal.readAll();
            assertThat(all).extracting(Signal::check).containsExactly("a", "b", "c");
            assertThat(all.get(1)).isEqualTo(big);
            assertThat(Files.size(journal.file())).isEqualTo(journal.size());
            appender.accept(TestSignals.firing("d"));
            Files.copy(journal.file(), dir.resolve("copy.jsonl"));
            try (SignalJournal reopened = new SignalJournal(dir.resolve("copy.jsonl"))) {
                assertThat(reopened.repairedBytes()).isZero();
                assertThat(reopened.readAll()).extracting(Signal::check).containsExactly("a", "b", "c", "d");
            }
        }
    }

    @Test
    void aLaterSignalWaitsBehindAHeldOne(@TempDir Path dir) throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m");
             SignalJournal journal = new SignalJournal(fs.path().resolve("signals.jsonl"))) {
            JournalAppender appender = new JournalAppender(journal);
            fs.fill(); // the journal is empty: its first line needs a page the disk no longer has
            appender.accept(TestSignals.firing("first"));
            assertThat(appender.held()).isEqualTo(1);
            fs.free();
            appender.accept(TestSignals.firing("second")); // the held one goes first
            assertThat(journal.readAll()).extracting(Signal::check).containsExactly("first", "second");
            assertThat(appender.healthy()).isTrue();
        }
    }

    private static Signal withContext(Signal s, String value) {
        return new Signal(s.schema(), SignalComposer.id(s.fingerprint(), "firing", value.length()), s.fingerprint(),
                s.tower(), s.component(), s.target(), s.check(), s.kind(), s.state(), s.severity(), s.observed(),
                s.observedState(), s.previousState(), s.unit(), s.baseline(), s.score(), s.since(), s.at(), s.summary(),
                s.recent(), Map.of("detail", value), s.related(), s.runbook(), s.labels(), s.flapping());
    }
}
