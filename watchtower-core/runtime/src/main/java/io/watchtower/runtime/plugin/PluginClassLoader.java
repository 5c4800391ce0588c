package io.watchtower.runtime.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one tower type: the jars of {@code towers/<type>/}, with the platform
 * loader as parent, sharing only the SPI packages — and the SLF4J API, so the logs of a tower's
 * libraries (HikariCP, Lettuce, Netty) reach the daemon's JSON log instead of being dropped —
 * with the daemon. A tower's libraries never clash with the daemon's or another tower's.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String SPI_PACKAGE = "io.watchtower.spi.";
    private static final String SLF4J_PACKAGE = "org.slf4j.";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    PluginClassLoader(String type, URL[] jars, ClassLoader spiLoader) {
        super("tower-" + type, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE) || name.startsWith(SLF4J_PACKAGE)) {
            return spiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
