package io.watchtower.launcher;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code towers} and {@code sample-config} look for tower types, as {@code run} does: the
 * {@code --towers-dir} given, else the {@code watchtower.towers-dir} of the configuration given with
 * {@code -c} (and {@code --conf-dir}), else the installation's {@code towers/}; plus the class path.
 */
final class TowerSource {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "read watchtower.towers-dir from this configuration, as `run -c FILE` does")
    Path config;

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "also read DIR/*.conf in name order, each laid over FILE")
    Path confDir;

    @Option(names = "--towers-dir", paramLabel = "DIR",
            description = "the folder of tower folders (overrides the configuration's towers-dir)")
    Path towersDir;

    /**
     * @return the tower types found
     * @throws io.watchtower.runtime.config.InvalidConfigException when the configuration given is invalid
     */
    TowerCatalog catalog() {
        if (towersDir != null) {
            return TowerCatalog.discover(Optional.of(towersDir), TowerSource.class.getClassLoader());
        }
        if (config != null) {
            return Installation.catalog(ConfigDropIns.load(new ConfigLoader(System.getenv()), config, confDir));
        }
        return Installation.catalog();
    }
}
