/**
 * Streaming baselines for low-frequency infrastructure series: what "normal" is, how unusual an
 * observation is, and when a series should fire or resolve.
 *
 * <p>The entry point is {@link io.watchtower.baseline.SeriesDetector}: one per series, fed
 * observations in time order, returning a {@link io.watchtower.baseline.Verdict} for each. Gauges
 * are judged against a robust rolling level (median/MAD, or EWMA) plus a weekday × hour seasonal
 * profile, with CUSUM for sustained small shifts; ratios against their usual failure rate;
 * categorical states against their long-stable value. Hysteresis turns bad observations into
 * firing and resolved transitions. How it works, every setting and the benchmark figures:
 * {@code docs/detection.md}.
 *
 * <p>Pure computation: no I/O, no clock — time arrives with each observation — and deterministic.
 * The state of a series is bounded (a few KiB) and serialisable
 * ({@link io.watchtower.baseline.SeriesDetector#snapshot()}).
 */
package io.watchtower.baseline;
