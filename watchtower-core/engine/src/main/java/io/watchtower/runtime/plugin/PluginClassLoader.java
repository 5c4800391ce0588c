package io.watchtower.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.Set;

/**
 * The class loader of one tower type: the jars of {@code towers/<type>/}, with the platform
 * loader as parent, sharing with the daemon only the SPI packages, the SLF4J API (so the logs of a
 * tower's libraries — HikariCP, the PostgreSQL driver, dnsjava — reach the daemon's JSON log instead of being
 * dropped) and the packages of jars the tower ships byte-identical to the daemon's own (see
 * {@link SharedJars}). A tower's libraries never clash with the daemon's or another tower's.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String SPI_PACKAGE = "io.watchtower.spi.";
    private static final String SLF4J_PACKAGE = "org.slf4j.";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader daemonLoader;
    private final Set<String> sharedPackages;

    PluginClassLoader(String type, URL[] jars, ClassLoader daemonLoader, Set<String> sharedPackages) {
        super("tower-" + type, jars, ClassLoader.getPlatformClassLoader());
        this.daemonLoader = daemonLoader;
        this.sharedPackages = Set.copyOf(sharedPackages);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE) || name.startsWith(SLF4J_PACKAGE) || isShared(name.lastIndexOf('.'), name)) {
            return daemonLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL findResource(String name) {
        URL own = super.findResource(name);
        if (own == null && isShared(name.lastIndexOf('/'), name.replace('/', '.'))) {
            return daemonLoader.getResource(name);
        }
        return own;
    }

    @Override
    public Enumeration<URL> findResources(String name) throws IOException {
        if (isShared(name.lastIndexOf('/'), name.replace('/', '.'))) {
            Enumeration<URL> own = super.findResources(name);
            return own.hasMoreElements() ? own : daemonLoader.getResources(name);
        }
        return super.findResources(name);
    }

    private boolean isShared(int lastSeparator, String dottedName) {
        return lastSeparator > 0 && !sharedPackages.isEmpty()
                && sharedPackages.contains(dottedName.substring(0, lastSeparator + 1));
    }

    /** @return the packages this loader takes from the daemon's identical jars */
    Set<String> sharedPackages() {
        return sharedPackages;
    }
}
