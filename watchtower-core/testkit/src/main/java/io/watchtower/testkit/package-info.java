/**
 * The test kit for tower authors and Watchtower's own tests.
 *
 * <ul>
 *   <li>{@link io.watchtower.testkit.FakeClock}: simulated wall time, advanced by the test, and
 *       its {@link io.watchtower.testkit.FakeClock#scheduler() virtual-time scheduler}
 *       ({@link io.watchtower.runtime.time.VirtualScheduler}), on which a whole daemon runs through
 *       simulated days;</li>
 *   <li>{@link io.watchtower.runtime.time.Await}: the one wait on real time, for what must stay
 *       real (sockets, child processes);</li>
 *   <li>{@link io.watchtower.testkit.TowerHarness}: drives a tower and the production series
 *       pipeline through simulated time and records the signals;</li>
 *   <li>{@link io.watchtower.testkit.SignalSchema}: validates signals against
 *       {@code docs/signal-v1.schema.json};</li>
 *   <li>{@link io.watchtower.testkit.TowerCompatibilityKit}: contract tests every tower's test
 *       class extends;</li>
 *   <li>{@code fixture}: throwaway real servers (PostgreSQL, Redis, HAProxy, dnsmasq, nginx,
 *       Alertmanager), a delaying TCP proxy and network namespaces.</li>
 * </ul>
 */
package io.watchtower.testkit;
