package io.watchtower.corpus.score;

/**
 * What a hit, a page outside every window and a missed window are worth. A hit is worth up to
 * {@link #hit()}, scaled by how early it came; every page outside a window costs {@link #falsePage()};
 * every window without a page costs {@link #miss()}.
 *
 * @param name the name in the table
 * @param hit the reward of a page at the very start of a window
 * @param falsePage the cost of a page outside every window
 * @param miss the cost of a window without a page
 */
public record Weighting(String name, double hit, double falsePage, double miss) {

    /** Pages outside windows cost a ninth of a miss. */
    public static final Weighting STANDARD = new Weighting("standard", 1.0, 0.11, 1.0);
    /** Fewer false pages: each costs twice as much. */
    public static final Weighting LOW_FP = new Weighting("reward_low_FP", 1.0, 0.22, 1.0);
    /** Fewer misses: a missed window costs twice as much. */
    public static final Weighting LOW_FN = new Weighting("reward_low_FN", 1.0, 0.11, 2.0);

    /** @return the three weightings of the table, in its column order */
    public static Weighting[] all() {
        return new Weighting[] {STANDARD, LOW_FP, LOW_FN};
    }
}
