package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Tracks a categorical value: the long-stable value and since when it holds. A new value becomes
 * the stable one once it has held for {@code adoptAfter} observations in a row. Values longer than
 * {@link #MAX_LENGTH} characters are kept as a prefix and a checksum of the whole value, which
 * bounds the state while still telling different values apart.
 */
final class StateTracker {

    static final int MAX_LENGTH = 512;

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
    boolean observe(long at, String raw) {
        String value = bounded(raw);
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

    static String bounded(String value) {
        if (value.length() <= MAX_LENGTH) {
            return value;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return value.substring(0, MAX_LENGTH - 24) + "…#" + Long.toHexString(crc.getValue()) + "/" + value.length();
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
        if (candidateCount < 0 || (stable == null && candidate != null)) {
            throw new IOException("corrupt state tracker");
        }
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(bounded(s));
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
