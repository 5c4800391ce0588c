package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static final long MONDAY = 1_767_571_200_000L;
    private static final long MINUTE = 60_000;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = SnapshotTest.class.getResourceAsStream("/snapshots/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aVersionOneGaugeSnapshotStillLoads() throws Exception {
        byte[] bytes = fixture("gauge-v1.snapshot");
        assertThat(bytes[5]).as("format version in the fixture").isEqualTo((byte) 1);
        SeriesDetector d = SeriesDetector.restore(DetectorSettings.defaults(), bytes);
        assertThat(d.samples()).isEqualTo(304);
        assertThat(d.firing()).isTrue();
        Verdict v = d.observe(1_700_003_040_000L, 10.5);
        assertThat(v.since()).isEqualTo(1_700_003_000_000L);
        assertThat(v.firingCause()).isEqualTo(Cause.ANOMALY);
        assertThat(v.expected()).isCloseTo(10.5, within(0.2));
        assertThat(v.samples()).isEqualTo(305);
        // and it is written back in the current format
        assertThat(d.snapshot()[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        assertThat(SeriesDetector.restore(DetectorSettings.defaults(), d.snapshot()).samples()).isEqualTo(305);
    }

    @Test
    void aVersionOneStateSnapshotStillLoads() throws Exception {
        DetectorSettings state = DetectorSettings.defaults().kind(SeriesKind.STATE);
        SeriesDetector d = SeriesDetector.restore(state, fixture("state-v1.snapshot"));
        assertThat(d.samples()).isEqualTo(41);
        Verdict v = d.observeState(1_700_000_410_000L, "10.0.0.9");
        assertThat(v.cause()).isEqualTo(Cause.CHANGE);
        assertThat(v.stableState()).isEqualTo("10.0.0.1,10.0.0.2");
        assertThat(v.stableSince()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            d.observe(MONDAY + i * MINUTE, 50 + r.nextDouble());
        }
        byte[] snapshot = d.snapshot();
        SeriesDetector copy = SeriesDetector.restore(DetectorSettings.defaults(), snapshot);
        assertThat(copy.snapshot()).isEqualTo(snapshot);
        assertThat(copy.samples()).isEqualTo(2000);
        assertThat(copy.confidence()).isEqualTo(d.confidence());
    }

    @Test
    void aCorruptSnapshotIsRefused() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        for (int i = 0; i < 100; i++) {
            d.observe(MONDAY + i * MINUTE, i % 10);
        }
        byte[] good = d.snapshot();
        for (int position : new int[] {0, 5, 20, good.length / 2, good.length - 9, good.length - 1}) {
            byte[] bad = good.clone();
            bad[position] ^= 0x40;
            assertThatThrownBy(() -> SeriesDetector.restore(DetectorSettings.defaults(), bad))
                    .as("flipped byte %d", position).isInstanceOf(SnapshotException.class);
        }
        assertThatThrownBy(() -> SeriesDetector.restore(DetectorSettings.defaults(), Arrays.copyOf(good, 40)))
                .isInstanceOf(SnapshotException.class);
        assertThatThrownBy(() -> SeriesDetector.restore(DetectorSettings.defaults(), new byte[3]))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> SeriesDetector.restore(DetectorSettings.defaults().kind(SeriesKind.RATIO), good))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("GAUGE");
    }

    @Test
    void aFutureVersionIsRefusedWithItsNumber() {
        byte[] bytes = new SeriesDetector(DetectorSettings.defaults()).snapshot();
        bytes[5] = 10;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).putLong(crc.getValue());
        assertThatThrownBy(() -> SeriesDetector.restore(DetectorSettings.defaults(), bytes))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("version 10");
    }

    @Test
    void stateIsAtMostEightKibibytesPerSeriesEvenWithAFullWeeklyProfile() {
        // the largest configuration: the widest window, every daily and weekly slot learned (sampled at
        // least every five minutes for more than a day and a week), every tail bin and the page budget used
        SeriesDetector gauge = new SeriesDetector(DetectorSettings.defaults().window(512));
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 9 * 1440; i++) {
            gauge.observe(MONDAY + i * MINUTE, 100 + r.nextDouble() * (i % 3000 < 5 ? 1000 : 1));
        }
        int full = gauge.snapshot().length;
        SeriesDetector defaults = new SeriesDetector(DetectorSettings.defaults());
        for (int i = 0; i < 8 * 1440; i++) {
            defaults.observe(MONDAY + i * MINUTE, 100 + r.nextDouble());
        }
        SeriesDetector state = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.STATE));
        String huge = "x".repeat(100_000);
        state.observeState(1, huge + "a");
        state.observeState(2, huge + "b");
        assertThat(full).isLessThanOrEqualTo(8192);
        assertThat(defaults.snapshot().length).isLessThanOrEqualTo(7000);
        assertThat(state.snapshot().length).isLessThanOrEqualTo(8192);
        assertThat(state.observeState(3, huge + "a").stableState()).isNotEqualTo(
                StateTracker.bounded(huge + "b"));
    }

    @Test
    void aVersionThreeGaugeSnapshotStillLoadsAndKeepsItsLevel() throws Exception {
        // written by the release with the hour-of-week season (see snapshots/README.md)
        byte[] bytes = fixture("gauge-v3.snapshot");
        assertThat(bytes[5]).as("format version in the fixture").isEqualTo((byte) 3);
        DetectorSettings both = DetectorSettings.defaults().direction(Direction.BOTH);
        SeriesDetector d = SeriesDetector.restore(both, bytes);
        assertThat(d.samples()).isEqualTo(11_520);
        assertThat(d.firing()).isFalse();
        // the old season is not carried over: the level is, so the next value is judged against it
        long next = MONDAY + 8 * 1440 * MINUTE;
        Verdict v = d.observe(next, 100 + 15 * Math.cos(-14 / 24.0 * 2 * Math.PI));
        assertThat(v.expected()).isBetween(80.0, 120.0);
        assertThat(v.firing()).isFalse();
        assertThat(d.snapshot()[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        // and within two days it has chosen a daily shape again and judges a quiet day quietly
        SplittableRandom r = new SplittableRandom(7);
        int fired = 0;
        Verdict last = v;
        for (int i = 1; i < 4 * 1440; i++) {
            double h = (i % 1440) / 60.0;
            last = d.observe(next + i * MINUTE, 100 + 15 * Math.cos((h - 14) / 24 * 2 * Math.PI)
                    + 2 * (r.nextDouble() - 0.5));
            fired += last.transition() == Transition.FIRED ? 1 : 0;
        }
        assertThat(fired).isZero();
        assertThat(d.method()).contains("daily-profile");
        assertThat(last.seasonBucket()).startsWith("day+");
    }

    @Test
    void aVersionFourGaugeSnapshotStillLoadsWithItsDailyShape() throws Exception {
        // written by the release before the share of repeated readings (see snapshots/README.md)
        byte[] bytes = fixture("gauge-v4.snapshot");
        assertThat(bytes[5]).as("format version in the fixture").isEqualTo((byte) 4);
        DetectorSettings both = DetectorSettings.defaults().direction(Direction.BOTH);
        SeriesDetector d = SeriesDetector.restore(both, bytes);
        assertThat(d.samples()).isEqualTo(11_520);
        assertThat(d.firing()).isFalse();
        assertThat(d.method()).contains("daily-profile");
        long next = MONDAY + 8 * 1440 * MINUTE;
        Verdict v = d.observe(next, 100 + 15 * Math.cos(-14 / 24.0 * 2 * Math.PI));
        // version 4 judged this observation with an expected value of 86.86 from the slot day+00:00
        assertThat(v.expected()).isCloseTo(86.86, within(0.01));
        assertThat(v.seasonBucket()).isEqualTo("day+00:00");
        byte[] again = d.snapshot();
        assertThat(again[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        assertThat(SeriesDetector.restore(both, again).snapshot()).isEqualTo(again);
    }

    @Test
    void aVersionSixSnapshotTakenWhileAReadingWasFrozenStillLoadsAndKeepsFiring() throws Exception {
        // written by the release before the count of unlearned repeats (see snapshots/README.md)
        byte[] bytes = fixture("gauge-v6-frozen.snapshot");
        assertThat(bytes[5]).as("format version in the fixture").isEqualTo((byte) 6);
        DetectorSettings both = DetectorSettings.defaults().direction(Direction.BOTH);
        SeriesDetector d = SeriesDetector.restore(both, bytes);
        assertThat(d.samples()).isEqualTo(7300);
        assertThat(d.firing()).isTrue();
        double frozen = 115.35072198911976;
        long next = MONDAY + (5 * 1440 + 100) * MINUTE;
        Verdict v = d.observe(next, frozen);
        // version 6 judged this observation with an expected value of 113.66, anomalous: frozen
        assertThat(v.expected()).isCloseTo(113.66, within(0.01));
        assertThat(v.cause()).isEqualTo(Cause.ANOMALY);
        for (int i = 1; i < 100; i++) {
            assertThat(d.observe(next + i * MINUTE, frozen).firing()).as("still frozen, reading %d", i).isTrue();
        }
        byte[] again = d.snapshot();
        assertThat(again[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        assertThat(SeriesDetector.restore(both, again).snapshot()).isEqualTo(again);
    }

    @Test
    void versionTwoAndThreeRatioSnapshotsStillLoadAndKeepTheirRate() throws Exception {
        DetectorSettings ratio = DetectorSettings.defaults().kind(SeriesKind.RATIO);
        byte[] v3 = fixture("ratio-v3.snapshot");
        assertThat(v3[5]).as("format version in the fixture").isEqualTo((byte) 3);
        // version 2 is version 3 without the held-back observations at the end
        int held = 1 + 16 * RateModel.LEARN_DELAY;
        byte[] body = java.util.Arrays.copyOf(v3, v3.length - 8 - held);
        body[5] = 2;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        byte[] v2 = java.nio.ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
        for (byte[] old : new byte[][] {v3, v2}) {
            SeriesDetector restored = SeriesDetector.restore(ratio, old);
            assertThat(restored.samples()).isEqualTo(500);
            // about 1 failure in 97 attempts was usual
            Verdict b = restored.observeRatio(MONDAY + 500 * MINUTE, 0, 1);
            assertThat(b.expected()).isBetween(0.005, 0.02);
            assertThat(b.confidence()).isNotEqualTo(Confidence.LEARNING);
            assertThat(SeriesDetector.restore(ratio, restored.snapshot()).snapshot()).isEqualTo(restored.snapshot());
        }
    }

    /** The bytes of a learned score likelihood with every held-back reading: count, span, 2 × 50 bins, 8 readings. */
    static final int LIKELIHOOD = 8 + 16 + 8 * ScoreLikelihood.BINS + 1 + 4 * ScoreLikelihood.PENDING;
    /** The bytes of one that has learned nothing: a count of 0 and no held-back reading. */
    private static final byte[] NO_LIKELIHOOD = new byte[9];

    @Test
    void aVersionFiveSnapshotLoadsWithoutFeedback() throws Exception {
        // version 5 is version 9 without the feedback (no page times, no adjustments: two bytes; the time up
        // to which answers are reflected and no answer ids: nine), the count of unlearned repeats (eight) and the
        // score likelihood
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            d.observe(MONDAY + i * MINUTE, 50 + r.nextDouble());
        }
        byte[] v9 = d.snapshot();
        assertThat(v9[5]).isEqualTo((byte) 9);
        byte[] v5 = olderVersion(v9, 5, LIKELIHOOD + 8 + 11);
        SeriesDetector restored = SeriesDetector.restore(DetectorSettings.defaults(), v5);
        assertThat(restored.snapshot()).isEqualTo(withNoLikelihood(v9));
        assertThat(restored.adjustments(MONDAY + 3000 * MINUTE)).isEmpty();
        assertThat(restored.observe(MONDAY + 3000 * MINUTE, 50.5)).isEqualTo(d.observe(MONDAY + 3000 * MINUTE, 50.5));
    }

    @Test
    void aVersionSevenSnapshotLoadsWithNoUnlearnedRepeats() throws Exception {
        // version 7 is version 9 without the count of unlearned repeats (eight bytes) and the score likelihood
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 3000; i++) {
            d.observe(MONDAY + i * MINUTE, 50 + r.nextDouble());
        }
        byte[] v9 = d.snapshot();
        byte[] v7 = olderVersion(v9, 7, LIKELIHOOD + 8);
        SeriesDetector restored = SeriesDetector.restore(DetectorSettings.defaults().direction(Direction.BOTH), v7);
        assertThat(restored.snapshot()).isEqualTo(withNoLikelihood(v9));
        assertThat(restored.observe(MONDAY + 3000 * MINUTE, 50.5)).isEqualTo(d.observe(MONDAY + 3000 * MINUTE, 50.5));
    }

    @Test
    void aVersionEightSnapshotLoadsWithoutTheScoreLikelihoodAndFallsBackToThePointTest() throws Exception {
        // version 8 is version 9 without the score likelihood at the end
        DetectorSettings settings = DetectorSettings.defaults().direction(Direction.BOTH);
        SeriesDetector d = new SeriesDetector(settings);
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 3000; i++) {
            d.observe(MONDAY + i * MINUTE, 50 + r.nextDouble());
        }
        byte[] v9 = d.snapshot();
        assertThat(v9.length).isGreaterThan(LIKELIHOOD);
        byte[] v8 = olderVersion(v9, 8, LIKELIHOOD);
        SeriesDetector restored = SeriesDetector.restore(settings, v8);
        assertThat(restored.samples()).isEqualTo(3000);
        assertThat(restored.snapshot()).isEqualTo(withNoLikelihood(v9));
        // calm so far: both judge a step the same way, and page on it at once
        for (int i = 3000; i < 3005; i++) {
            Verdict before = d.observe(MONDAY + i * MINUTE, 70);
            Verdict after = restored.observe(MONDAY + i * MINUTE, 70);
            assertThat(after).isEqualTo(before);
        }
        assertThat(restored.firing()).isTrue();
        // a truncated likelihood is corrupt, not silently empty
        byte[] truncated = olderVersion(v9, 9, 4);
        assertThatThrownBy(() -> SeriesDetector.restore(settings, truncated)).isInstanceOf(SnapshotException.class);
    }

    /** @return a current-format {@code snapshot} whose score likelihood has learned nothing */
    static byte[] withNoLikelihood(byte[] snapshot) {
        byte[] body = java.util.Arrays.copyOf(snapshot, snapshot.length - 8 - LIKELIHOOD + NO_LIKELIHOOD.length);
        System.arraycopy(NO_LIKELIHOOD, 0, body, snapshot.length - 8 - LIKELIHOOD, NO_LIKELIHOOD.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        return java.nio.ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
    }

    /** @return {@code snapshot} without its last {@code dropped} bytes before the checksum, marked {@code version} */
    private static byte[] olderVersion(byte[] snapshot, int version, int dropped) {
        byte[] body = java.util.Arrays.copyOf(snapshot, snapshot.length - 8 - dropped);
        body[5] = (byte) version;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        return java.nio.ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
    }
}
