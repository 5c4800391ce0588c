/**
 * The {@code redis-queue} tower: watches a Redis server used as a queue — memory, clients,
 * replication, streams with their consumer groups, and lists.
 *
 * <p>{@link io.watchtower.tower.redisqueue.RedisQueueTowerFactory} reads the settings and
 * declares the checks. Per server, a {@code ServerWatch} keeps one connection (from the tower's
 * shared {@code RedisClients} event loop) and reads {@code INFO}; {@code StreamReport} covers the
 * configured streams and their groups. Every command goes through {@code ReadOnlyRedis}, which
 * refuses anything outside its allow-list of read commands before it is sent.
 */
package io.watchtower.tower.redisqueue;
