/**
 * The Watchtower daemon. {@link io.watchtower.runtime.Daemon} assembles the parts: configuration
 * ({@code config}), tower plugins ({@code plugin}), probing ({@code probe}), series judgement
 * ({@code series}), signals ({@code signal}), the journal ({@code journal}), alert channels
 * ({@code channel}), snapshots ({@code state}) and the HTTP API ({@code http}).
 */
package io.watchtower.runtime;
