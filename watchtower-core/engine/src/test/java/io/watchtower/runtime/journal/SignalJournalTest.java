package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignalJournalTest {

    @Test
    void appendsAndReadsBackByOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal/signals.jsonl");
        try (SignalJournal journal = new SignalJournal(file)) {
            long first = journal.append(TestSignals.firing("a"));
            long second = journal.append(TestSignals.firing("b"));
            assertThat(first).isZero();
            assertThat(second).isPositive();
            List<SignalJournal.Entry> all = journal.read(0, 10);
            assertThat(all).hasSize(2);
            assertThat(all.get(1).offset()).isEqualTo(second);
            assertThat(journal.read(second, 10)).hasSize(1);
            assertThat(journal.read(0, 1)).hasSize(1);
            assertThat(journal.read(all.get(1).next(), 10)).isEmpty();
            assertThat(journal.readAll()).extracting(Signal::check).containsExactly("a", "b");
        }
    }

    @Test
    void cutsOffALineTornByACrash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        try (SignalJournal journal = new SignalJournal(file)) {
            journal.append(TestSignals.firing("a"));
        }
        String torn = SignalJson.write(TestSignals.firing("b"));
        Files.writeString(file, torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (SignalJournal journal = new SignalJournal(file)) {
            assertThat(journal.repairedBytes()).isEqualTo(torn.length() / 2);
            assertThat(journal.readAll()).extracting(Signal::check).containsExactly("a");
            journal.append(TestSignals.firing("c"));
            assertThat(journal.readAll()).extracting(Signal::check).containsExactly("a", "c");
        }
    }

    @Test
    void aGarbageLineInTheMiddleIsReportedAndSkippedWithTheOffsetsOfTheRestKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.jsonl");
        try (SignalJournal journal = new SignalJournal(file)) {
            journal.append(TestSignals.firing("a"));
        }
        long garbageAt = Files.size(file);
        Files.writeString(file, "\u0000\u0000garbage{\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        long afterGarbage = Files.size(file);
        try (SignalJournal journal = new SignalJournal(file)) {
            journal.append(TestSignals.firing("c"));
            List<SignalJournal.Entry> corrupt = new java.util.ArrayList<>();

            assertThat(journal.readAll(corrupt::add)).extracting(Signal::check).containsExactly("a", "c");

            assertThat(corrupt).extracting(SignalJournal.Entry::offset).containsExactly(garbageAt);
            assertThat(journal.read(afterGarbage, 10)).extracting(e -> SignalJson.read(e.json()).check())
                    .containsExactly("c");
        }
    }

    @Test
    void notifiesListenersAfterEachAppend(@TempDir Path dir) throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("j.jsonl"))) {
            int[] calls = {0};
            journal.onAppend(() -> calls[0]++);
            journal.append(TestSignals.firing("a"));
            journal.append(TestSignals.firing("b"));
            assertThat(calls[0]).isEqualTo(2);
        }
    }
}
