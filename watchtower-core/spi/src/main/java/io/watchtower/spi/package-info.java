/**
 * The plugin API of Watchtower: what a tower author compiles against.
 *
 * <p>A tower type is a {@link io.watchtower.spi.TowerFactory} found by {@link java.util.ServiceLoader}.
 * The factory declares its {@link io.watchtower.spi.Check checks} up front and creates a
 * {@link io.watchtower.spi.Tower} per configured instance from a {@link io.watchtower.spi.TowerContext}.
 * A tower only looks: each {@link io.watchtower.spi.Tower#observe(Observations)} call reports what it
 * saw to an {@link io.watchtower.spi.Observations} sink. Scheduling, timeouts, backoff, baselines,
 * scoring, hysteresis, signals and persistence are the core's work.
 *
 * <p>This is version 2 of the SPI ({@link io.watchtower.spi.SpiVersion#CURRENT}). It added to
 * version 1, removing nothing: {@link io.watchtower.spi.Check#counter(String) counters}, whose running
 * totals the core turns into rates and whose resets it handles, ratio checks reported as running
 * totals ({@link io.watchtower.spi.TargetObservations#ratioTotals(String, long, long)}), and the
 * probe's {@link io.watchtower.spi.Observations#deadline() deadline}, from which a tower sizes every
 * socket, query and request timeout. Towers built against version 1 still run.
 *
 * <p>This package depends on the JDK only, so a tower never inherits the core's libraries.
 */
package io.watchtower.spi;
