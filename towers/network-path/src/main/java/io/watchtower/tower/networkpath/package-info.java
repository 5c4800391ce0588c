/**
 * The {@code network-path} tower: round-trip time, loss and jitter to several targets by TCP
 * handshake or ICMP echo. {@link io.watchtower.tower.networkpath.NetworkPathTowerFactory} is the
 * only public type.
 */
package io.watchtower.tower.networkpath;
