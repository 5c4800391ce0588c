package io.watchtower.corpus.generate;

/**
 * Noise added to a draft. Each sets the draft's {@link SeriesDraft#noiseSigma}: planted anomalies are
 * sized in it.
 */
final class Noise {

    private Noise() {
    }

    /** Independent Gaussian noise. */
    static void gaussian(SeriesDraft d, double sigma) {
        for (int i = 0; i < d.size(); i++) {
            d.values[i] += sigma * d.gaussian();
        }
        d.noiseSigma = sigma;
    }

    /** First-order autoregressive noise (slowly wandering, as cloud metrics are) of marginal deviation {@code sigma}. */
    static void autoregressive(SeriesDraft d, double sigma, double phi) {
        double innovation = sigma * Math.sqrt(1 - phi * phi);
        double x = sigma * d.gaussian();
        for (int i = 0; i < d.size(); i++) {
            x = phi * x + innovation * d.gaussian();
            d.values[i] += x;
        }
        d.noiseSigma = sigma;
    }

    /** Student-t noise with {@code dof} degrees of freedom, scaled by {@code scale}: heavy tails. */
    static void studentT(SeriesDraft d, double scale, int dof) {
        for (int i = 0; i < d.size(); i++) {
            double chi = 0;
            for (int k = 0; k < dof; k++) {
                double g = d.gaussian();
                chi += g * g;
            }
            d.values[i] += scale * d.gaussian() / Math.sqrt(chi / dof);
        }
        // the standard deviation of t(dof), dof > 2
        d.noiseSigma = scale * Math.sqrt(dof / (dof - 2.0));
    }

    /** Multiplies every value by a log-normal factor of log-deviation {@code sigma} (latencies, byte rates). */
    static void logNormal(SeriesDraft d, double sigma) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double before = d.values[i];
            d.values[i] = before * StrictMath.exp(sigma * d.gaussian() - sigma * sigma / 2);
            sum += d.values[i] - before;
            sumSq += (d.values[i] - before) * (d.values[i] - before);
        }
        double mean = sum / d.size();
        d.noiseSigma = Math.sqrt(sumSq / d.size() - mean * mean);
    }

    /** Replaces every value by a Poisson count with that mean (values are rates per sample, ≥ 0). */
    static void poisson(SeriesDraft d) {
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double mean = Math.max(0, d.values[i]);
            double count = poisson(d, mean);
            sumSq += (count - mean) * (count - mean);
            d.values[i] = count;
        }
        d.noiseSigma = Math.sqrt(sumSq / d.size());
    }

    private static double poisson(SeriesDraft d, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * d.gaussian()));
        }
        double limit = StrictMath.exp(-mean);
        double p = d.random.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= d.random.nextDouble();
            k++;
        }
        return k;
    }
}
