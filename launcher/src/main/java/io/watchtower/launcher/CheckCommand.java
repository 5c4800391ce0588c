package io.watchtower.launcher;

import io.watchtower.runtime.config.DaemonConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code watchtower check -c FILE}: validates a configuration, towers' own settings included. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a configuration as `run` would (towers, API tokens, registry, state dir): exit 0 when "
                + "valid, 78 when not (every problem printed, one per line).")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions files;

    @Override
    public Integer call() {
        Startup startup = files.startup();
        if (!startup.problems().isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        DaemonConfig daemon = startup.config();
        System.out.println(files.config + ": valid, " + daemon.towers().size() + " tower(s), " + daemon.channels().size()
                + " channel(s)");
        return 0;
    }
}
