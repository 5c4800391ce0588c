package io.watchtower.baseline;

import java.util.Locale;

/** How a gauge's level and spread are estimated (setting {@code level.method}). */
public enum LevelMethod {
    /**
     * Rolling median and scaled median absolute deviation of the last
     * {@link DetectorSettings#window()} accepted values. Robust, the default.
     */
    MEDIAN,
    /**
     * Exponentially weighted mean and variance with smoothing factor
     * {@link DetectorSettings#ewmaAlpha()}; values beyond the band are clipped before they are
     * learned. Reacts faster, is less robust to bursts of outliers.
     */
    EWMA;

    /** @return the lower-case configuration name */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
