package io.watchtower.launcher;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;

import java.nio.file.Path;
import java.util.Optional;

/** Where the program is installed and how its configuration and towers are found. */
final class Installation {

    private Installation() {
    }

    /** @return the installation directory ({@code -Dwatchtower.home} or {@code $WATCHTOWER_HOME}), if set */
    static Optional<Path> home() {
        String home = System.getProperty("watchtower.home", System.getenv("WATCHTOWER_HOME"));
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
    }

    /**
     * @param config a configuration
     * @return the installed tower types: the configured towers-dir (or the installation's towers/),
     *         plus those on the class path; the folders of the configured types are opened (so their
     *         refusals are known), the others only if asked for
     */
    static TowerCatalog catalog(DaemonConfig config) {
        Optional<Path> dir = config.towersDir().or(() -> home().map(h -> h.resolve("towers")));
        TowerCatalog catalog = TowerCatalog.discover(dir, Installation.class.getClassLoader());
        config.towers().values().forEach(tower -> catalog.find(tower.type()));
        return catalog;
    }

    /** @return the installed tower types when no configuration is at hand */
    static TowerCatalog catalog() {
        return TowerCatalog.discover(home().map(h -> h.resolve("towers")), Installation.class.getClassLoader());
    }

    /**
     * Reads a configuration file, or the embedded default when {@code file} is null.
     *
     * @param loader the loader
     * @param file the file, or null
     * @return the validated configuration
     */
    static DaemonConfig load(ConfigLoader loader, Path file) {
        return read(loader, file).orThrow();
    }

    /**
     * Reads a configuration file, or the embedded default when {@code file} is null, collecting every problem.
     *
     * @param loader the loader
     * @param file the file, or null
     * @return the configuration as far as it could be read, with every problem
     */
    static ConfigReading read(ConfigLoader loader, Path file) {
        if (file != null) {
            return loader.read(file);
        }
        return loader.read(ConfigFactory.parseResources(Installation.class.getClassLoader(), "default.conf",
                ConfigParseOptions.defaults().setAllowMissing(false)), Path.of("default.conf"));
    }
}
