package io.watchtower.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -c FILE [--conf-dir DIR]}, for the commands that read a whole configuration and check it first. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the configuration file")
    Path config;

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "also read DIR/*.conf in name order, each laid over FILE")
    Path confDir;

    /** @return the configuration, read and checked as {@code run} would, problems printed */
    Startup startup() {
        return Startup.forCommand(config, confDir);
    }
}
