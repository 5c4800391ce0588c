package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Recorded answers are applied once: the detector keeps the ids of the answers it applied in its
 * snapshot (format 7), so an answer found again in the daemon's record at a start is not counted
 * twice; a format 6 snapshot, which kept no ids, reflects every answer up to its last observation or
 * answer.
 */
class RecordedFeedbackTest {

    private static final long MONDAY = 1_767_571_200_000L;
    private static final long MINUTE = 60_000;

    private static SeriesDetector learned() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            d.observe(MONDAY + i * MINUTE, 50 + r.nextDouble());
        }
        return d;
    }

    private static Feedback noise(long at) {
        return new Feedback(FeedbackAnswer.NOISE, at, MONDAY + 2990 * MINUTE, 80, 50.5, -1, "oncall-1", "disk scrub");
    }

    @Test
    void anAppliedAnswerIsReflectedInTheSnapshotByItsId() throws Exception {
        SeriesDetector d = learned();
        long at = MONDAY + 3000 * MINUTE;
        assertThat(d.reflects("answer-1", at)).isFalse();
        d.feedback(noise(at), "answer-1");
        assertThat(d.reflects("answer-1", at)).isTrue();
        assertThat(d.reflects("answer-2", at + MINUTE)).isFalse();

        SeriesDetector restored = SeriesDetector.restore(DetectorSettings.defaults(), d.snapshot());
        assertThat(restored.reflects("answer-1", at)).as("the id travels in the snapshot").isTrue();
        assertThat(restored.reflects("answer-2", at + MINUTE)).isFalse();
        assertThat(restored.adjustments(at)).singleElement().satisfies(a -> assertThat(a.answers()).isEqualTo(1));
        assertThat(restored.snapshot()).isEqualTo(d.snapshot());
    }

    @Test
    void aPreviewChangesNothing() {
        SeriesDetector d = learned();
        long at = MONDAY + 3000 * MINUTE;
        byte[] before = d.snapshot();
        Adjustment preview = d.previewFeedback(noise(at));
        assertThat(d.snapshot()).isEqualTo(before);
        assertThat(d.adjustments(at)).isEmpty();
        Adjustment applied = d.feedback(noise(at), "answer-1");
        assertThat(preview).isEqualTo(applied);
    }

    @Test
    void idsLetGoMoveTheTimeUpToWhichEveryAnswerIsReflected() throws Exception {
        SeriesDetector d = learned();
        long at = MONDAY + 3000 * MINUTE;
        int n = FeedbackTuning.APPLIED_KEPT + 3;
        for (int i = 0; i < n; i++) {
            d.feedback(noise(at + i * MINUTE), "answer-" + i);
        }
        for (int i = 0; i < n; i++) {
            assertThat(d.reflects("answer-" + i, at + i * MINUTE)).as("answer %d", i).isTrue();
        }
        // the first three ids were let go: answers given up to the third are reflected by their time
        assertThat(d.reflects("unknown", at + 2 * MINUTE)).isTrue();
        assertThat(d.reflects("unknown", at + 3 * MINUTE)).isFalse();
        SeriesDetector restored = SeriesDetector.restore(DetectorSettings.defaults(), d.snapshot());
        assertThat(restored.reflects("answer-" + (n - 1), at + (n - 1) * MINUTE)).isTrue();
        assertThat(restored.reflects("unknown", at + 3 * MINUTE)).isFalse();
    }

    @Test
    void aVersionSixSnapshotLoadsWithItsAdjustmentAndReflectsTheAnswersItHadSeen() throws Exception {
        // written by the release that added feedback (see snapshots/README.md)
        byte[] v6;
        try (InputStream in = RecordedFeedbackTest.class.getResourceAsStream("/snapshots/gauge-v6.snapshot")) {
            assertThat(in).isNotNull();
            v6 = in.readAllBytes();
        }
        assertThat(v6[5]).as("format version in the fixture").isEqualTo((byte) 6);
        SeriesDetector d = SeriesDetector.restore(DetectorSettings.defaults(), v6);
        long answered = MONDAY + 3000 * MINUTE;
        assertThat(d.samples()).isEqualTo(3000);
        assertThat(d.adjustments(answered)).singleElement().satisfies(a -> {
            assertThat(a.answer()).isEqualTo(FeedbackAnswer.NOISE);
            assertThat(a.answers()).isEqualTo(1);
            assertThat(a.bandFactor()).isEqualTo(1.5);
            assertThat(a.who()).isEqualTo("oncall-1");
        });
        // the answer it holds (given at `answered`) is reflected whatever its id; a later one is not
        assertThat(d.reflects("any-id", answered)).isTrue();
        assertThat(d.reflects("any-id", answered + 1)).isFalse();
        byte[] v7 = d.snapshot();
        assertThat(v7[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        SeriesDetector again = SeriesDetector.restore(DetectorSettings.defaults(), v7);
        assertThat(again.reflects("any-id", answered)).as("kept on in format 7 and later").isTrue();
        assertThat(again.snapshot()).isEqualTo(v7);
        d.feedback(noise(answered + MINUTE), "answer-2");
        assertThat(d.adjustments(answered + MINUTE)).singleElement()
                .satisfies(a -> assertThat(a.answers()).isEqualTo(2));
    }

    @Test
    void aVersionFiveSnapshotReflectsNoAnswer() throws Exception {
        SeriesDetector d = learned();
        byte[] v9 = d.snapshot();
        // version 5 is version 9 without the feedback: no page times, no adjustments (two bytes), the time
        // every answer is reflected up to (eight) and no ids (one); and without the count of unlearned
        // repeats (eight) and the score likelihood at the end
        byte[] body = java.util.Arrays.copyOf(v9, v9.length - 8 - SnapshotTest.LIKELIHOOD - 8 - 11);
        body[5] = 5;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        byte[] v5 = java.nio.ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
        SeriesDetector restored = SeriesDetector.restore(DetectorSettings.defaults(), v5);
        assertThat(restored.reflects("any-id", MONDAY)).isFalse();
        assertThat(restored.snapshot()).isEqualTo(SnapshotTest.withNoLikelihood(v9));
    }
}
