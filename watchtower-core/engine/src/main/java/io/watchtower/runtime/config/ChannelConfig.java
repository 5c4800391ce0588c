package io.watchtower.runtime.config;

import com.typesafe.config.Config;

/**
 * One alert channel's block.
 *
 * @param name unique name, keys the channel's delivery cursor
 * @param type the channel type, for example {@code console} or {@code file}
 * @param settings the whole block
 * @param path the block's path for messages, for example {@code watchtower.channels[1]}
 */
public record ChannelConfig(String name, String type, Config settings, String path) {
}
