package io.watchtower.spi;

/**
 * The version of this plugin API.
 *
 * <p>{@link #CURRENT} is a compile-time constant: a tower compiled against this SPI carries the value
 * it was built with (through {@link TowerFactory#spiVersion()}), so the daemon can refuse a tower
 * built against an incompatible SPI with a message naming both versions.
 */
public final class SpiVersion {

    /**
     * The SPI version this artifact defines. Incremented on every change of the contract. Version 2
     * added counters ({@link Check#counter(String)}, {@link TargetObservations#counter(String, double)},
     * {@link TargetObservations#ratioTotals(String, long, long)}) and the probe's deadline
     * ({@link Observations#deadline()}).
     */
    public static final int CURRENT = 2;

    /**
     * The oldest SPI version whose towers still run. Version 2 only added to version 1, so a tower
     * built against version 1 runs unchanged: it reports no counters and sizes its timeouts from
     * {@link TowerContext#timeout()}.
     */
    public static final int OLDEST_SUPPORTED = 1;

    private SpiVersion() {
    }

    /**
     * Whether a tower built against {@code towerVersion} can run on this SPI.
     *
     * @param towerVersion the SPI version the tower was compiled against
     * @return true when the tower's version is between {@link #OLDEST_SUPPORTED} and {@link #CURRENT}
     */
    public static boolean isCompatible(int towerVersion) {
        return towerVersion >= OLDEST_SUPPORTED && towerVersion <= CURRENT;
    }
}
