/**
 * The {@code load-balancer} tower: frontend URLs probed through the balancer with phase timings,
 * status, size and certificate expiry, and the balancer's own view of its backends from HAProxy's
 * statistics and nginx's {@code stub_status}.
 * {@link io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory} is the only public type.
 */
package io.watchtower.tower.loadbalancer;
