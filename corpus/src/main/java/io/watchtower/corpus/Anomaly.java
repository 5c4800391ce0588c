package io.watchtower.corpus;

/**
 * One labelled anomaly of a series: the span during which the series is not what its normal would be.
 *
 * @param start epoch milliseconds of its first sample (inclusive)
 * @param end epoch milliseconds just after its last sample (exclusive)
 * @param kind what it is: {@code spike}, {@code dip}, {@code shift}, {@code variance}, {@code stuck}, ...
 * @param sigma its size in standard deviations of the series' noise; NaN where a size does not apply
 */
public record Anomaly(long start, long end, String kind, double sigma) {

    /** Checks the span. */
    public Anomaly {
        if (end <= start) {
            throw new IllegalArgumentException("anomaly " + kind + " ends (" + end + ") before it starts (" + start + ")");
        }
    }

    /** @return whether the anomaly has a size of at least {@code sigma} standard deviations */
    public boolean atLeast(double sigma) {
        return !Double.isNaN(this.sigma) && Math.abs(this.sigma) >= sigma;
    }
}
