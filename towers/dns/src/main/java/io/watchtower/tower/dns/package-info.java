/**
 * The {@code dns} tower: per (resolver, name, record type) resolution time, outcome rates
 * (SERVFAIL, NXDOMAIN, timeouts, truncation, bad answers), the answer set as a categorical state,
 * the TTL, and disagreement between resolvers. {@link io.watchtower.tower.dns.DnsTowerFactory} is
 * the only public type.
 */
package io.watchtower.tower.dns;
