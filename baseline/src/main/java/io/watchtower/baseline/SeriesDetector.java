package io.watchtower.baseline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The baseline, detector and hysteresis of one series. Feed it observations in time order; each
 * returns a {@link Verdict}. Not thread-safe.
 *
 * <p>The level is the rolling median and the spread the scaled median absolute deviation
 * (1.4826 × MAD, a robust standard deviation) of the last {@link DetectorSettings#window()}
 * accepted values. A value is anomalous when, in the bad direction, it is at least
 * {@link DetectorSettings#threshold()} robust deviations and at least
 * {@link DetectorSettings#minimumDelta()} away from the median. Anomalous values enter the window
 * clipped to the band's edge, so one absurd value cannot drag the baseline. Non-finite values are
 * gaps: they change nothing.
 */
public final class SeriesDetector {

    /** Format version written by {@link #snapshot()}. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x57544231; // "WTB1"
    private static final double MAD_TO_SIGMA = 1.4826;

    private final DetectorSettings settings;
    private final RollingWindow window;
    private final Hysteresis hysteresis;
    private final StateTracker stateTracker;
    private long samples;
    private long lastAt = Long.MIN_VALUE;

    /** @param settings how the series is judged */
    public SeriesDetector(DetectorSettings settings) {
        this.settings = settings;
        this.window = new RollingWindow(settings.window());
        this.hysteresis = new Hysteresis(settings.fireAfter(), settings.fireWindow(), settings.resolveAfter());
        this.stateTracker = new StateTracker(settings.warmUp());
    }

    /** @return the settings this detector judges with */
    public DetectorSettings settings() {
        return settings;
    }

    /** @return observations learned from */
    public long samples() {
        return samples;
    }

    /** @return the current confidence */
    public Confidence confidence() {
        return samples >= settings.warmUp() ? Confidence.READY : Confidence.LEARNING;
    }

    /** @return whether the series is firing */
    public boolean firing() {
        return hysteresis.firing();
    }

    /**
     * Judges a numeric reading.
     *
     * @param at epoch milliseconds
     * @param value the reading; NaN or infinite is a gap
     * @return the verdict
     */
    public Verdict observe(long at, double value) {
        if (!Double.isFinite(value) || at < lastAt) {
            return current(at, value);
        }
        lastAt = at;
        Confidence confidence = confidence();
        double expected = window.median();
        double sigma = sigma(expected);
        double deviation = directed(value - expected);
        double z = Double.isNaN(expected) ? 0 : deviation / sigma;
        double score = score(z);
        boolean anomalous = confidence == Confidence.READY && z >= settings.threshold()
                && deviation >= settings.minimumDelta();
        Cause cause = breaches(value) ? Cause.THRESHOLD : anomalous ? Cause.ANOMALY : Cause.NONE;
        if (anomalous) {
            double edge = settings.threshold() * sigma;
            window.add(value > expected ? expected + edge : expected - edge);
        } else {
            window.add(value);
        }
        samples++;
        Transition transition = hysteresis.step(at, cause);
        double halfBand = halfBand(sigma);
        return new Verdict(at, value, expected, expected - halfBand, expected + halfBand, score, confidence,
                samples, cause, hysteresis.firing(), hysteresis.flapping(), transition, hysteresis.since(),
                hysteresis.firingCause(), "global", null, null, -1);
    }

    /**
     * Judges failures out of attempts.
     *
     * @param at epoch milliseconds
     * @param failures failed attempts
     * @param attempts attempts; zero is a gap
     * @return the verdict
     */
    public Verdict observeRatio(long at, long failures, long attempts) {
        if (attempts <= 0 || failures < 0 || failures > attempts) {
            return current(at, Double.NaN);
        }
        return observe(at, (double) failures / attempts);
    }

    /**
     * Judges a categorical value against the long-stable one.
     *
     * @param at epoch milliseconds
     * @param state the value
     * @return the verdict
     */
    public Verdict observeState(long at, String state) {
        if (state == null || at < lastAt) {
            return current(at, Double.NaN);
        }
        lastAt = at;
        String stableBefore = stateTracker.stable();
        long stableSinceBefore = stateTracker.stableSince();
        boolean changed = stateTracker.observe(at, state);
        Confidence confidence = confidence();
        samples++;
        Cause cause = changed && confidence == Confidence.READY ? Cause.CHANGE : Cause.NONE;
        Transition transition = hysteresis.step(at, cause);
        boolean adopted = stableBefore != null && !stableBefore.equals(stateTracker.stable());
        String stable = adopted || stableBefore == null ? stateTracker.stable() : stableBefore;
        long stableSince = adopted || stableBefore == null ? stateTracker.stableSince() : stableSinceBefore;
        if (adopted && hysteresis.firing()) {
            hysteresis.restoreFiring(-1, Cause.NONE);
            transition = Transition.RESOLVED;
        }
        return new Verdict(at, Double.NaN, Double.NaN, Double.NaN, Double.NaN, cause == Cause.CHANGE ? 1.0 : 0.0,
                confidence, samples, cause, hysteresis.firing(), hysteresis.flapping(), transition,
                hysteresis.since(), hysteresis.firingCause(), "global", state,
                adopted ? stableBefore : stable, adopted ? stableSinceBefore : stableSince);
    }

    /**
     * Reconciles the firing state with an external record, for example the signal journal after a
     * crash that happened between a journal write and a snapshot.
     *
     * @param since epoch milliseconds the firing started, or -1 when not firing
     * @param cause the cause it started with
     */
    public void restoreFiring(long since, Cause cause) {
        hysteresis.restoreFiring(since, cause);
    }

    private Verdict current(long at, double value) {
        double expected = window.median();
        double halfBand = halfBand(sigma(expected));
        return new Verdict(at, value, expected, expected - halfBand, expected + halfBand, 0, confidence(), samples,
                Cause.NONE, hysteresis.firing(), hysteresis.flapping(), Transition.NONE, hysteresis.since(),
                hysteresis.firingCause(), "global", null, stateTracker.stable(), stateTracker.stableSince());
    }

    private double sigma(double expected) {
        double robust = MAD_TO_SIGMA * window.mad();
        double floor = Math.max(1e-9, Math.abs(expected) * 1e-3);
        return Double.isNaN(robust) ? floor : Math.max(robust, floor);
    }

    private double halfBand(double sigma) {
        return Math.max(settings.threshold() * sigma, settings.minimumDelta());
    }

    private double directed(double delta) {
        switch (settings.direction()) {
            case HIGHER:
                return Math.max(0, delta);
            case LOWER:
                return Math.max(0, -delta);
            default:
                return Math.abs(delta);
        }
    }

    private double score(double z) {
        if (!(z > 0)) {
            return 0;
        }
        double t = settings.threshold();
        return z * z / (z * z + t * t);
    }

    private boolean breaches(double value) {
        return value > settings.guardrailAbove() || value < settings.guardrailBelow();
    }

    /** @return the state as versioned, checksummed bytes */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeByte(settings.kind().ordinal());
            out.writeLong(samples);
            out.writeLong(lastAt);
            window.write(out);
            hysteresis.write(out);
            stateTracker.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a detector from {@link #snapshot()} bytes.
     *
     * @param settings the settings to judge with from now on
     * @param snapshot the bytes
     * @return the restored detector
     * @throws SnapshotException when the bytes are corrupt, of another kind or of an unknown version
     */
    public static SeriesDetector restore(DetectorSettings settings, byte[] snapshot) throws SnapshotException {
        if (snapshot.length < 14) {
            throw new SnapshotException("snapshot too short: " + snapshot.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(snapshot, 0, snapshot.length - 8);
        long stored = java.nio.ByteBuffer.wrap(snapshot, snapshot.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new SnapshotException("snapshot checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(Arrays.copyOf(snapshot, snapshot.length - 8)))) {
            if (in.readInt() != MAGIC) {
                throw new SnapshotException("not a series snapshot (bad magic)");
            }
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new SnapshotException("unknown snapshot format version " + version + " (this build reads "
                        + FORMAT_VERSION + ")");
            }
            int kind = in.readUnsignedByte();
            if (kind != settings.kind().ordinal()) {
                throw new SnapshotException("snapshot is of a " + SeriesKind.values()[Math.min(kind, 2)]
                        + " series, settings say " + settings.kind());
            }
            SeriesDetector detector = new SeriesDetector(settings);
            detector.samples = in.readLong();
            detector.lastAt = in.readLong();
            detector.window.read(in);
            detector.hysteresis.read(in);
            detector.stateTracker.read(in);
            return detector;
        } catch (IOException e) {
            throw new SnapshotException("snapshot truncated: " + e.getMessage());
        }
    }
}
