package io.watchtower.runtime.channel;

import io.watchtower.runtime.config.ChannelConfig;

import java.nio.file.Path;

/** Creates the channel a configuration block describes. */
public final class ChannelFactory {

    private ChannelFactory() {
    }

    /**
     * @param config a validated channel block
     * @return the channel
     */
    public static SignalChannel create(ChannelConfig config) {
        switch (config.type()) {
            case "console":
                return new ConsoleChannel(config.name(), System.out);
            case "file":
                return new FileChannel(config.name(), Path.of(config.settings().getString("path")));
            default:
                throw new IllegalArgumentException("unknown channel type " + config.type());
        }
    }
}
