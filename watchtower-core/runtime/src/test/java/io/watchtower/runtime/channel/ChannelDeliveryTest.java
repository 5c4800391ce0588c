package io.watchtower.runtime.channel;

import io.watchtower.runtime.TestSignals;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelDeliveryTest {

    /** Records deliveries; fails while told to. */
    static final class Recording implements SignalChannel {
        final List<String> ids = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public synchronized void deliver(Signal signal, String json) throws IOException {
            if (down.get()) {
                throw new IOException("down");
            }
            TestSignals.assertValid(signal);
            ids.add(signal.id());
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }
    }

    @Test
    void deliversInOrderAfterAnOutageWithTheSameIds(@TempDir Path dir) throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("j.jsonl"))) {
            Recording channel = new Recording();
            channel.down.set(true);
            try (ChannelDelivery delivery = new ChannelDelivery(channel, journal, dir.resolve("cursors"))) {
                List<String> appended = new ArrayList<>();
                for (String check : List.of("a", "b", "c")) {
                    appended.add(TestSignalsIds.append(journal, check));
                }
                assertThat(delivery.drain(300)).isFalse();
                assertThat(delivery.failures()).isPositive();
                channel.down.set(false);
                assertThat(delivery.drain(5000)).isTrue();
                assertThat(channel.ids()).containsExactlyElementsOf(appended);
            }
        }
    }

    @Test
    void resumesFromItsCursorAfterARestart(@TempDir Path dir) throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("j.jsonl"))) {
            Recording first = new Recording();
            try (ChannelDelivery delivery = new ChannelDelivery(first, journal, dir.resolve("cursors"))) {
                TestSignalsIds.append(journal, "a");
                assertThat(delivery.drain(5000)).isTrue();
            }
            String whileStopped = TestSignalsIds.append(journal, "b");
            Recording second = new Recording();
            try (ChannelDelivery delivery = new ChannelDelivery(second, journal, dir.resolve("cursors"))) {
                assertThat(delivery.drain(5000)).isTrue();
                assertThat(second.ids()).containsExactly(whileStopped);
            }
        }
    }

    @Test
    void aNewChannelStartsAtTheEndOfTheJournal(@TempDir Path dir) throws Exception {
        try (SignalJournal journal = new SignalJournal(dir.resolve("j.jsonl"))) {
            TestSignalsIds.append(journal, "old");
            Recording channel = new Recording();
            try (ChannelDelivery delivery = new ChannelDelivery(channel, journal, dir.resolve("cursors"))) {
                String fresh = TestSignalsIds.append(journal, "new");
                assertThat(delivery.drain(5000)).isTrue();
                assertThat(channel.ids()).containsExactly(fresh);
            }
        }
    }

    /** Appends a signal and returns its id. */
    static final class TestSignalsIds {
        static String append(SignalJournal journal, String check) {
            Signal s = TestSignals.firing(check);
            journal.append(s);
            return s.id();
        }
    }
}
