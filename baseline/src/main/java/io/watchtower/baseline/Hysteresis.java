package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a stream of good/bad observations into firing and resolved transitions: fire when
 * {@code k} of the last {@code n} observations are bad, resolve after {@code r} good ones in a row.
 * A series that fires and resolves repeatedly is marked flapping.
 *
 * <p>Used by {@link SeriesDetector} and, on its own, for reachability and blind-spot series.
 */
public final class Hysteresis {

    private static final double FLAP_DECAY = 0.98;
    private static final double FLAP_LIMIT = 3.0;

    private final int fireAfter;
    private final int fireWindow;
    private final int resolveAfter;

    private int history;
    private int goodStreak;
    private boolean firing;
    private long since = -1;
    private long pendingSince = -1;
    private Cause firingCause = Cause.NONE;
    private double flapScore;

    /**
     * @param fireAfter bad observations needed to fire
     * @param fireWindow out of the last this many (at most 32)
     * @param resolveAfter good observations in a row needed to resolve
     */
    public Hysteresis(int fireAfter, int fireWindow, int resolveAfter) {
        if (fireWindow < 1 || fireWindow > 32 || fireAfter < 1 || fireAfter > fireWindow || resolveAfter < 1) {
            throw new IllegalArgumentException("need 1 <= fireAfter <= fireWindow <= 32 and resolveAfter >= 1, got "
                    + fireAfter + "/" + fireWindow + "/" + resolveAfter);
        }
        this.fireAfter = fireAfter;
        this.fireWindow = fireWindow;
        this.resolveAfter = resolveAfter;
    }

    /**
     * Records one observation.
     *
     * @param at epoch milliseconds of the observation
     * @param cause why it is bad, or {@link Cause#NONE} when it is good
     * @return the transition it caused
     */
    public Transition step(long at, Cause cause) {
        boolean bad = cause != Cause.NONE;
        int mask = fireWindow == 32 ? -1 : (1 << fireWindow) - 1;
        history = ((history << 1) | (bad ? 1 : 0)) & mask;
        flapScore *= FLAP_DECAY;
        if (bad) {
            goodStreak = 0;
            if (pendingSince < 0) {
                pendingSince = at;
            }
        } else {
            goodStreak++;
            if (history == 0 && !firing) {
                pendingSince = -1;
            }
        }
        if (!firing && bad && Integer.bitCount(history) >= fireAfter) {
            firing = true;
            since = pendingSince;
            firingCause = cause;
            flapScore += 1;
            return Transition.FIRED;
        }
        if (firing && goodStreak >= resolveAfter) {
            firing = false;
            since = -1;
            pendingSince = -1;
            firingCause = Cause.NONE;
            return Transition.RESOLVED;
        }
        return Transition.NONE;
    }

    /** @return whether the series is firing */
    public boolean firing() {
        return firing;
    }

    /** @return epoch milliseconds the current firing started, or -1 */
    public long since() {
        return since;
    }

    /** @return the cause the current firing started with */
    public Cause firingCause() {
        return firingCause;
    }

    /** @return whether the series fires and resolves repeatedly */
    public boolean flapping() {
        return flapScore >= FLAP_LIMIT;
    }

    /**
     * Forces the firing state, for example to reconcile with a journal after a crash.
     *
     * @param firingSince epoch milliseconds the firing started, or -1 to clear
     * @param cause the cause it started with
     */
    public void restoreFiring(long firingSince, Cause cause) {
        this.firing = firingSince >= 0;
        this.since = firingSince;
        this.pendingSince = firingSince;
        this.firingCause = firing ? cause : Cause.NONE;
        if (firing) {
            this.goodStreak = 0;
        }
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(history);
        out.writeInt(goodStreak);
        out.writeBoolean(firing);
        out.writeLong(since);
        out.writeLong(pendingSince);
        out.writeByte(firingCause.ordinal());
        out.writeDouble(flapScore);
    }

    void read(DataInput in) throws IOException {
        history = in.readInt();
        goodStreak = in.readInt();
        firing = in.readBoolean();
        since = in.readLong();
        pendingSince = in.readLong();
        int cause = in.readUnsignedByte();
        firingCause = cause < Cause.values().length ? Cause.values()[cause] : Cause.NONE;
        flapScore = in.readDouble();
    }
}
