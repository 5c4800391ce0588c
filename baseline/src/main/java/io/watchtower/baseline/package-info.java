/**
 * Streaming baselines for low-frequency infrastructure series: what "normal" is, how unusual an
 * observation is, and when a series should fire or resolve.
 *
 * <p>The entry point is {@link io.watchtower.baseline.SeriesDetector}: one per series, fed
 * observations in time order, returning a {@link io.watchtower.baseline.Verdict} for each. Its
 * state is bounded and serialisable ({@link io.watchtower.baseline.SeriesDetector#snapshot()}).
 * Pure computation: no I/O, no clock — time arrives with each observation.
 */
package io.watchtower.baseline;
