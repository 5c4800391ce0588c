package io.watchtower.runtime.config;

/**
 * The {@code watchtower.journal} block: how the signal journal is rotated.
 *
 * @param maxSize a journal segment this large (bytes) is rotated
 * @param segmentsKept rotated segments kept (more while a reader still needs them)
 */
public record JournalConfig(long maxSize, int segmentsKept) {

    /** The smallest segment size accepted: a few signals. */
    public static final long MIN_SIZE = 64 * 1024;
}
