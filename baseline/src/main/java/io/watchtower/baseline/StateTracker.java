package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Tracks a categorical value: the long-stable value and since when it holds. A new value becomes
 * the stable one once it has held for {@code adoptAfter} observations in a row.
 */
final class StateTracker {

    private final int adoptAfter;
    private String stable;
    private long stableSince = -1;
    private String candidate;
    private long candidateSince = -1;
    private int candidateCount;

    StateTracker(int adoptAfter) {
        this.adoptAfter = adoptAfter;
    }

    /** @return true when {@code value} differs from an established stable value */
    boolean observe(long at, String value) {
        if (stable == null) {
            stable = value;
            stableSince = at;
            return false;
        }
        if (stable.equals(value)) {
            candidate = null;
            candidateCount = 0;
            return false;
        }
        if (value.equals(candidate)) {
            candidateCount++;
        } else {
            candidate = value;
            candidateSince = at;
            candidateCount = 1;
        }
        if (candidateCount >= adoptAfter) {
            stable = candidate;
            stableSince = candidateSince;
            candidate = null;
            candidateCount = 0;
            return false;
        }
        return true;
    }

    String stable() {
        return stable;
    }

    long stableSince() {
        return stableSince;
    }

    void write(DataOutput out) throws IOException {
        writeNullable(out, stable);
        out.writeLong(stableSince);
        writeNullable(out, candidate);
        out.writeLong(candidateSince);
        out.writeInt(candidateCount);
    }

    void read(DataInput in) throws IOException {
        stable = readNullable(in);
        stableSince = in.readLong();
        candidate = readNullable(in);
        candidateSince = in.readLong();
        candidateCount = in.readInt();
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s.length() > 2000 ? s.substring(0, 2000) : s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
