package io.watchtower.corpus.generate;

import static io.watchtower.corpus.generate.SeriesDraft.DAY;
import static io.watchtower.corpus.generate.SeriesDraft.EPOCH;
import static io.watchtower.corpus.generate.SeriesDraft.HOUR;

/** Deterministic shapes over time: levels, daily and weekly cycles, drifts. Hours are UTC. */
final class Shapes {

    private Shapes() {
    }

    /** @return hours since midnight UTC, fractional */
    static double hourOfDay(long t) {
        return Math.floorMod(t, DAY) / (double) HOUR;
    }

    /** @return 0 for Monday ... 6 for Sunday */
    static int weekday(long t) {
        return (int) Math.floorMod(Math.floorDiv(t, DAY) + 3, 7L);
    }

    static boolean weekend(long t) {
        return weekday(t) >= 5;
    }

    static SeriesDraft.TimeShape constant(double level) {
        return t -> level;
    }

    /** A daily cosine of the given amplitude, highest at {@code peakHour}. */
    static SeriesDraft.TimeShape dailySine(double amplitude, double peakHour) {
        return t -> amplitude * StrictMath.cos(2 * Math.PI * (hourOfDay(t) - peakHour) / 24);
    }

    /** {@code high} between {@code fromHour} and {@code toHour} every day, 0 otherwise: a square wave. */
    static SeriesDraft.TimeShape dailySquare(double high, double fromHour, double toHour) {
        return t -> {
            double h = hourOfDay(t);
            return h >= fromHour && h < toHour ? high : 0;
        };
    }

    /**
     * A working-day profile: a smooth hump from {@code fromHour} to {@code toHour} of height
     * {@code amplitude} on weekdays, {@code weekendFactor} of it on Saturdays and Sundays.
     */
    static SeriesDraft.TimeShape workdays(double amplitude, double fromHour, double toHour, double weekendFactor) {
        return t -> {
            double h = hourOfDay(t);
            double hump = h <= fromHour || h >= toHour ? 0 : StrictMath.pow(StrictMath.sin(Math.PI * (h - fromHour) / (toHour - fromHour)), 2);
            return amplitude * hump * (weekend(t) ? weekendFactor : 1);
        };
    }

    /** A linear drift of {@code perDay} per day from the start of the corpus. */
    static SeriesDraft.TimeShape drift(double perDay) {
        return t -> perDay * (t - EPOCH) / (double) DAY;
    }

    /** A slow wandering drift: the sum of a few long sines (periods of days to weeks) of total amplitude {@code amplitude}. */
    static SeriesDraft.TimeShape wander(double amplitude, double phase) {
        return t -> {
            double days = (t - EPOCH) / (double) DAY;
            return amplitude * (0.5 * StrictMath.sin(2 * Math.PI * days / 41 + phase)
                    + 0.3 * StrictMath.sin(2 * Math.PI * days / 17 + 2 * phase)
                    + 0.2 * StrictMath.sin(2 * Math.PI * days / 6.3 + 3 * phase));
        };
    }
}
