package io.watchtower.corpus.score;

/**
 * How much of a hit's reward a page earns by where in its window it comes: a scaled sigmoid of its
 * relative position {@code p} in [0, 1), {@code tanh(2.5 (1 − p))} — about 0.987 at the window's
 * first row, 0.931 a third in, 0.848 halfway, 0.682 two thirds in, falling to 0 at its end. Early
 * pages are worth nearly the whole reward, late ones much less: an on-call engineer paged when the
 * incident is over has been told little.
 */
public final class Earliness {

    /** Steepness of the sigmoid: {@code tanh(STEEPNESS)} is the reward of the first row. */
    static final double STEEPNESS = 2.5;

    private Earliness() {
    }

    /**
     * @param row the page's row
     * @param first the window's first row
     * @param last the window's last row (inclusive)
     * @return the share of the hit reward, in (0, tanh(2.5)]
     */
    public static double of(int row, int first, int last) {
        if (row < first || row > last) {
            throw new IllegalArgumentException("row " + row + " is outside the window [" + first + ", " + last + "]");
        }
        double position = (row - first) / (double) (last - first + 1);
        return Math.tanh(STEEPNESS * (1 - position));
    }

    /** @return the share earned by a page at the window's first row: what a perfect detector earns */
    public static double best() {
        return Math.tanh(STEEPNESS);
    }
}
