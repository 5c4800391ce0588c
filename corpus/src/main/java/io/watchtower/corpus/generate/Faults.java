package io.watchtower.corpus.generate;

/**
 * Anomalies planted into a draft, each labelled with its span, kind and (where it has one) its size in
 * the draft's noise σ; and normal disturbances (gaps, counter resets, bursts) that are not labelled.
 */
final class Faults {

    private Faults() {
    }

    /**
     * Adds {@code count} rectangular excursions of {@code sign × [minSigma, maxSigma]} noise σ lasting
     * {@code [minLength, maxLength]}, after {@code after} from the start.
     */
    static void excursions(SeriesDraft d, String kind, int count, double minSigma, double maxSigma, long minLength,
                           long maxLength, double sign, long after) {
        excursions(d, kind, count, minSigma, maxSigma, minLength, maxLength, sign, after, d.size() * d.step);
    }

    /**
     * As {@link #excursions(SeriesDraft, String, int, double, double, long, long, double, long)}, all
     * before {@code before} from the start; a {@code sign} of 0 draws up or down for each.
     */
    static void excursions(SeriesDraft d, String kind, int count, double minSigma, double maxSigma, long minLength,
                           long maxLength, double sign, long after, long before) {
        int longest = d.rows(maxLength);
        int[] starts = d.places(count, d.row(after), d.row(before), longest, Math.max(longest, d.rows(6 * SeriesDraft.HOUR)));
        for (int start : starts) {
            int length = d.rows(minLength) + d.random.nextInt(longest - d.rows(minLength) + 1);
            double sigma = minSigma + (maxSigma - minSigma) * d.random.nextDouble();
            double s = sign != 0 ? sign : d.random.nextBoolean() ? 1 : -1;
            for (int i = start; i < start + length; i++) {
                d.values[i] += s * sigma * d.noiseSigma;
            }
            d.label(start, start + length, kind, s * sigma);
        }
    }

    /**
     * A permanent step of {@code sigma} noise σ at {@code at} from the start: the new normal. The label
     * covers its first {@code labelled}: one page there is right, pages later are false.
     */
    static void step(SeriesDraft d, long at, double sigma, long labelled) {
        int start = d.row(at);
        for (int i = start; i < d.size(); i++) {
            d.values[i] += sigma * d.noiseSigma;
        }
        d.label(start, Math.min(d.size(), start + d.rows(labelled)), "new-normal", sigma);
    }

    /** {@code count} spans of {@code length} where the noise is {@code factor} times larger. */
    static void variance(SeriesDraft d, int count, double factor, long length, long after) {
        int rows = d.rows(length);
        double extra = d.noiseSigma * Math.sqrt(factor * factor - 1);
        for (int start : d.places(count, d.row(after), rows, d.rows(6 * SeriesDraft.HOUR))) {
            for (int i = start; i < start + rows; i++) {
                d.values[i] += extra * d.gaussian();
            }
            d.label(start, start + rows, "variance", Double.NaN);
        }
    }

    /** {@code count} spans of {@code length} where the value is stuck at what it was when they began. */
    static void stuck(SeriesDraft d, int count, long length, long after) {
        int rows = d.rows(length);
        for (int start : d.places(count, d.row(after), rows, d.rows(6 * SeriesDraft.HOUR))) {
            double v = d.values[start];
            for (int i = start; i < start + rows; i++) {
                d.values[i] = v;
            }
            d.label(start, start + rows, "stuck", Double.NaN);
        }
    }

    /**
     * {@code count} spans of {@code length} where the value is held at {@code level} (plus its usual
     * noise): a consumer lag or backlog that stops draining. Sized in noise σ above the usual level.
     */
    static void stuckAt(SeriesDraft d, int count, double level, long length, long after, double usual) {
        int rows = d.rows(length);
        for (int start : d.places(count, d.row(after), rows, d.rows(6 * SeriesDraft.HOUR))) {
            for (int i = start; i < start + rows; i++) {
                d.values[i] = level + (d.values[i] - usual) * 0.2;
            }
            d.label(start, start + rows, "stuck-high", (level - usual) / d.noiseSigma);
        }
    }

    /** {@code count} slow ramps up to {@code sigma} noise σ over {@code length}, then back at once (overheating). */
    static void ramps(SeriesDraft d, int count, double sigma, long length, long after) {
        int rows = d.rows(length);
        for (int start : d.places(count, d.row(after), rows, d.rows(12 * SeriesDraft.HOUR))) {
            for (int i = start; i < start + rows; i++) {
                d.values[i] += sigma * d.noiseSigma * (i - start + 1) / rows;
            }
            d.label(start, start + rows, "ramp", sigma);
        }
    }

    /**
     * Missing data, not labelled: each row is left out of the file with probability {@code fraction},
     * and {@code count} spans of {@code length} are empty values (a failed probe's gap).
     */
    static void gaps(SeriesDraft d, double fraction, int count, long length) {
        for (int i = 0; i < d.size(); i++) {
            if (d.random.nextDouble() < fraction) {
                d.drop(i);
            }
        }
        int rows = d.rows(length);
        for (int start : d.places(count, d.rows(SeriesDraft.DAY), rows, d.rows(SeriesDraft.HOUR))) {
            for (int i = start; i < start + rows; i++) {
                d.values[i] = Double.NaN;
            }
        }
    }

    /**
     * Counter resets as a rate derived from a counter shows them, not labelled: {@code perWeek} times a
     * week one sample is missing (the reading before the restart was lost) or reads 0 (the rate across
     * the reset, clamped).
     */
    static void counterResets(SeriesDraft d, int perWeek) {
        int count = (int) Math.max(1, Math.round(perWeek * d.size() * d.step / (double) SeriesDraft.WEEK));
        for (int start : d.places(count, d.rows(SeriesDraft.HOUR), 1, d.rows(4 * SeriesDraft.HOUR))) {
            d.values[start] = d.random.nextBoolean() ? Double.NaN : 0;
        }
    }

    /**
     * Normal bursts of a rate, not labelled: about {@code perDay} a day, each multiplying the rate by a
     * Pareto-distributed factor (tail index {@code alpha}, at least {@code minFactor}) decaying with
     * time constant {@code decay}.
     */
    static void bursts(SeriesDraft d, double perDay, double minFactor, double alpha, long decay) {
        double perRow = perDay * d.step / SeriesDraft.DAY;
        double[] boost = new double[d.size()];
        double tau = decay / (double) d.step;
        for (int i = 0; i < d.size(); i++) {
            if (d.random.nextDouble() < perRow) {
                double factor = minFactor * StrictMath.pow(1 - d.random.nextDouble(), -1 / alpha);
                factor = Math.min(factor, 60);
                for (int k = 0; i + k < d.size() && k < 8 * tau; k++) {
                    boost[i + k] += (factor - 1) * StrictMath.exp(-k / tau);
                }
            }
        }
        for (int i = 0; i < d.size(); i++) {
            d.values[i] *= 1 + boost[i];
        }
    }

    /**
     * Small level changes that are normal, not labelled (deploys, rebalancing, autoscaling): about
     * {@code perDay} a day the level moves by up to {@code maxSigma} noise σ and stays there.
     */
    static void levelChanges(SeriesDraft d, double perDay, double maxSigma) {
        double perRow = perDay * d.step / SeriesDraft.DAY;
        double offset = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.random.nextDouble() < perRow) {
                // mean-reverting: a move away from the usual level is more often followed by one back
                offset = offset * 0.5 + (2 * d.random.nextDouble() - 1) * maxSigma * d.noiseSigma;
            }
            d.values[i] += offset;
        }
    }
}
