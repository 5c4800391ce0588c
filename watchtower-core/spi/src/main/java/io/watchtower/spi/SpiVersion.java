package io.watchtower.spi;

/**
 * The version of this plugin API.
 *
 * <p>{@link #CURRENT} is a compile-time constant: a tower compiled against this SPI carries the value
 * it was built with (through {@link TowerFactory#spiVersion()}), so the daemon can refuse a tower
 * built against an incompatible SPI with a message naming both versions.
 */
public final class SpiVersion {

    /** The SPI version this artifact defines. Incremented on every incompatible change. */
    public static final int CURRENT = 1;

    private SpiVersion() {
    }

    /**
     * Whether a tower built against {@code towerVersion} can run on this SPI.
     *
     * @param towerVersion the SPI version the tower was compiled against
     * @return true when the versions are compatible
     */
    public static boolean isCompatible(int towerVersion) {
        return towerVersion == CURRENT;
    }
}
