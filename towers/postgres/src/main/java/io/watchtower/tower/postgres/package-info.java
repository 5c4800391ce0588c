/**
 * The {@code postgres} tower: watches PostgreSQL servers (a primary and its replicas) through
 * read-only sessions that need only {@code pg_monitor}.
 *
 * <p>{@link io.watchtower.tower.postgres.PostgresTowerFactory} reads the settings and declares
 * the checks. Per server, a {@code ServerProbe} times a new session, then runs a few prepared
 * catalog queries on one pooled session ({@code Session} holds the address, credentials and the
 * read-only, time-bounded session settings); {@code DatabaseStatistics} turns the cumulative
 * counters of {@code pg_stat_database} into per-database rates, and {@code ReplicaStatistics}
 * reports each replica as seen from its primary. Who blocks whom goes into the signal context,
 * never into a series name.
 */
package io.watchtower.tower.postgres;
