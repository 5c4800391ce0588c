package io.watchtower.baseline;

/** A snapshot cannot be restored: wrong format, unknown version or failed checksum. */
public class SnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the snapshot */
    public SnapshotException(String message) {
        super(message);
    }
}
