package io.watchtower.runtime.series;

import com.typesafe.config.ConfigFactory;
import io.watchtower.baseline.Adjustment;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.journal.FeedbackLog;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.runtime.state.SnapshotStore;
import io.watchtower.spi.Check;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer recorded in the feedback log but not yet in the baseline snapshot (the daemon died between
 * the two) is applied at the next start, once: restarts with the answer already in the snapshot leave
 * the adjustment as it was, and an answer that expired meanwhile is not applied again. Real files: the
 * feedback log and the snapshot store of a state dir; each "start" is a new tracker built from them, as
 * the daemon builds it.
 */
class RecordedAnswersTest {

    private static final long T0 = 1_767_571_200_000L;
    private static final long MINUTE = 60_000;
    private static final SeriesKey LATENCY = new SeriesKey("db", "orders-db", "latency");

    @TempDir
    Path dir;

    /** One start of the daemon: a tracker restored from the state dir's snapshot and feedback record. */
    private SeriesTracker start(long now) throws Exception {
        SeriesTracker tracker = new SeriesTracker(new SignalComposer("h", "test"), DetectorSettings.defaults(),
                s -> { });
        tracker.restore(snapshots().read());
        try (FeedbackLog log = FeedbackLog.open(feedbackFile())) {
            tracker.recover(log.records(), now);
        }
        tracker.register(TowerRegistration.of(new TowerInfo("db", "latency", "orders-db", "", Map.of()),
                List.of(Check.gauge("latency").unit(Unit.MILLISECONDS).describedAs("latency")),
                ConfigFactory.empty(), Map.of()));
        return tracker;
    }

    private SnapshotStore snapshots() {
        return new SnapshotStore(dir.resolve("baselines.snap"));
    }

    private Path feedbackFile() {
        return dir.resolve("feedback").resolve("feedback.jsonl");
    }

    private static void observe(SeriesTracker tracker, long from, long to) {
        for (long at = from; at < to; at += MINUTE) {
            double value = 20 + ((at / MINUTE * 7919) % 13) / 13.0;
            tracker.accept(RunningTower.scripted("db", at, out -> out.target("orders-db").gauge("latency", value)));
        }
    }

    private static FeedbackRecord answer(String id, String answer, long at, String until) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA, id, SignalComposer.iso(at), "h", "signal-1", "fp", "db",
                "orders-db", "latency", "orders-db", answer, "oncall-1", "disk scrub", until,
                SignalComposer.iso(at - 10 * MINUTE), 80.0, 20.5, "as answered");
    }

    /** Records an answer and applies it, as the API does, and then dies before the snapshot. */
    private void answerAndDie(SeriesTracker tracker, FeedbackRecord record) throws Exception {
        try (FeedbackLog log = FeedbackLog.open(feedbackFile())) {
            log.append(record);
        }
        tracker.feedback(record);
    }

    private static List<Adjustment> adjustments(SeriesTracker tracker) {
        return tracker.views().stream().filter(v -> v.key().equals(LATENCY)).findFirst().orElseThrow().adjustments();
    }

    @Test
    void anAnswerRecordedButNotSnapshottedIsAppliedOnceAtTheNextStarts() throws Exception {
        SeriesTracker first = start(T0);
        observe(first, T0, T0 + 180 * MINUTE);
        snapshots().write(first.snapshot());
        long answeredAt = T0 + 180 * MINUTE;
        answerAndDie(first, answer("answer-1", "noise", answeredAt, null));
        assertThat(adjustments(first)).singleElement().satisfies(a -> assertThat(a.bandFactor()).isEqualTo(1.5));

        // the second start: the snapshot predates the answer, the record has it
        SeriesTracker second = start(answeredAt + MINUTE);
        observe(second, answeredAt + MINUTE, answeredAt + 3 * MINUTE);
        assertThat(adjustments(second)).as("the recorded answer is applied again").singleElement().satisfies(a -> {
            assertThat(a.answers()).isEqualTo(1);
            assertThat(a.bandFactor()).isEqualTo(1.5);
            assertThat(a.who()).isEqualTo("oncall-1");
            assertThat(a.lastAt()).isEqualTo(answeredAt);
        });
        snapshots().write(second.snapshot());

        // two more starts with the answer in the snapshot: nothing is counted twice
        for (int i = 0; i < 2; i++) {
            SeriesTracker again = start(answeredAt + (4 + i) * MINUTE);
            observe(again, answeredAt + (4 + i) * MINUTE, answeredAt + (5 + i) * MINUTE);
            assertThat(adjustments(again)).as("start %d", i + 3).singleElement().satisfies(a -> {
                assertThat(a.answers()).isEqualTo(1);
                assertThat(a.bandFactor()).isEqualTo(1.5);
            });
            snapshots().write(again.snapshot());
        }
    }

    @Test
    void anAnswerThatExpiredBeforeTheStartIsNotAppliedAgain() throws Exception {
        SeriesTracker first = start(T0);
        observe(first, T0, T0 + 180 * MINUTE);
        long at = T0 + 180 * MINUTE;
        // a noise answer for 30 days, snapshotted
        FeedbackRecord noise = answer("answer-1", "noise", at, null);
        try (FeedbackLog log = FeedbackLog.open(feedbackFile())) {
            log.append(noise);
        }
        first.feedback(noise);
        snapshots().write(first.snapshot());
        // a useful answer about the same page, for one hour, recorded but not snapshotted: while in force it
        // ends the noise adjustment of that page
        answerAndDie(first, answer("answer-2", "useful", at + MINUTE, SignalComposer.iso(at + 61 * MINUTE)));
        assertThat(adjustments(first)).extracting(Adjustment::answer).extracting(Enum::name).containsExactly("USEFUL");

        // started two hours later: the useful answer has expired and is not applied; the noise one stays
        SeriesTracker later = start(at + 120 * MINUTE);
        observe(later, at + 120 * MINUTE, at + 122 * MINUTE);
        assertThat(adjustments(later)).singleElement().satisfies(a -> {
            assertThat(a.answer().name()).isEqualTo("NOISE");
            assertThat(a.answers()).isEqualTo(1);
        });
    }

    @Test
    void anAnswerForASeriesNotYetBuiltWaitsForIt() throws Exception {
        // no snapshot at all (the daemon died before its first), the series is built at its first observation
        SeriesTracker first = start(T0);
        observe(first, T0, T0 + 180 * MINUTE);
        answerAndDie(first, answer("answer-1", "noise", T0 + 180 * MINUTE, null));
        SeriesTracker second = start(T0 + 181 * MINUTE);
        observe(second, T0 + 181 * MINUTE, T0 + 183 * MINUTE);
        assertThat(adjustments(second)).singleElement().satisfies(a -> assertThat(a.answers()).isEqualTo(1));
    }
}
