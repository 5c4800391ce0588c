package io.watchtower.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The arguments of {@code watchtower run} as the service units pass them ({@code run -c FILE
 * [--conf-dir DIR]}), read without the command-line library: the daemon's start then loads none of
 * its classes, nor the model of every other command. Only the plain forms are read here; anything
 * else ({@code --help}, an unknown or repeated option, a missing value) is left to the full command
 * line, which answers it exactly as before.
 *
 * @param config the configuration file, or null for the embedded default
 * @param confDir the drop-in folder, or null
 */
record RunArguments(Path config, Path confDir) {

    /**
     * @param args the whole command line, starting with {@code run}
     * @return the arguments, or empty when they are not {@code run}'s in a plain form
     */
    static Optional<RunArguments> parse(String... args) {
        if (args.length == 0 || !"run".equals(args[0])) {
            return Optional.empty();
        }
        String config = null;
        String confDir = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value;
            boolean isConfig;
            if (arg.equals("-c") || arg.equals("--config") || arg.equals("--conf-dir")) {
                if (i + 1 >= args.length) {
                    return Optional.empty();
                }
                value = args[++i];
                isConfig = !arg.equals("--conf-dir");
            } else if (arg.startsWith("--config=") || arg.startsWith("--conf-dir=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                isConfig = arg.startsWith("--config=");
            } else {
                return Optional.empty();
            }
            if (value.isEmpty() || value.startsWith("-") || (isConfig ? config : confDir) != null) {
                return Optional.empty();
            }
            if (isConfig) {
                config = value;
            } else {
                confDir = value;
            }
        }
        try {
            return Optional.of(new RunArguments(config == null ? null : Path.of(config),
                    confDir == null ? null : Path.of(confDir)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
