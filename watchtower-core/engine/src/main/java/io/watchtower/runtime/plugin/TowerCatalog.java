package io.watchtower.runtime.plugin;

import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.TowerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The installed tower types: those in {@code towers/<type>/*.jar} (each from its own class
 * loader) and those on the daemon's class path. A tower built against an incompatible SPI, or
 * that cannot be loaded, is refused with a message naming it.
 */
public final class TowerCatalog {

    private final Map<String, TowerType> types;
    private final List<String> refusals;

    private TowerCatalog(Map<String, TowerType> types, List<String> refusals) {
        this.types = Collections.unmodifiableMap(types);
        this.refusals = List.copyOf(refusals);
    }

    /**
     * Finds every tower type.
     *
     * @param towersDir the folder of tower folders, if any
     * @param classPath the loader whose class path is searched too
     * @return the catalog
     */
    public static TowerCatalog discover(Optional<Path> towersDir, ClassLoader classPath) {
        Map<String, TowerType> types = new TreeMap<>();
        List<String> refusals = new ArrayList<>();
        ClassLoader daemonLoader = TowerFactory.class.getClassLoader();
        SharedJars daemonJars = SharedJars.onClassPath(System.getProperty("java.class.path"));
        if (towersDir.isPresent() && Files.isDirectory(towersDir.get())) {
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(towersDir.get(), Files::isDirectory)) {
                List<Path> sorted = new ArrayList<>();
                folders.forEach(sorted::add);
                Collections.sort(sorted);
                for (Path folder : sorted) {
                    URL[] jars = jars(folder);
                    if (jars.length == 0) {
                        continue;
                    }
                    SharedJars.Split split;
                    try {
                        split = daemonJars.split(jars);
                    } catch (IOException e) {
                        refusals.add("tower in " + folder + " refused: cannot read its jars (" + e.getMessage() + ")");
                        continue;
                    }
                    PluginClassLoader loader = new PluginClassLoader(folder.getFileName().toString(), split.own(),
                            daemonLoader, split.sharedPackages());
                    load(loader, folder.toString(), types, refusals);
                }
            } catch (IOException e) {
                refusals.add("cannot list tower folder " + towersDir.get() + ": " + e.getMessage());
            }
        }
        load(classPath, "class path", types, refusals);
        return new TowerCatalog(types, refusals);
    }

    /**
     * A catalog of the given factories only, for tests and embedding.
     *
     * @param factories the tower types
     * @return the catalog
     */
    public static TowerCatalog of(TowerFactory... factories) {
        Map<String, TowerType> types = new TreeMap<>();
        for (TowerFactory f : factories) {
            types.put(f.type(), new TowerType(f, "given", f.getClass().getClassLoader()));
        }
        return new TowerCatalog(types, List.of());
    }

    private static URL[] jars(Path folder) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : files) {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IOException(e);
                }
            }
        }
        urls.sort((a, b) -> a.toString().compareTo(b.toString()));
        return urls.toArray(new URL[0]);
    }

    private static void load(ClassLoader loader, String source, Map<String, TowerType> types, List<String> refusals) {
        Iterator<TowerFactory> it = ServiceLoader.load(TowerFactory.class, loader).iterator();
        while (true) {
            TowerFactory factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                factory = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                refusals.add("tower in " + source + " refused: cannot be loaded against SPI version "
                        + SpiVersion.CURRENT + " (" + e.getMessage() + ")");
                continue;
            }
            String name = factory.getClass().getName();
            try {
                int version = factory.spiVersion();
                if (!SpiVersion.isCompatible(version)) {
                    refusals.add("tower " + safeType(factory) + " (" + name + ", " + source + ") refused: built against SPI version "
                            + version + ", this daemon provides SPI version " + SpiVersion.CURRENT
                            + " and runs towers built against versions " + SpiVersion.OLDEST_SUPPORTED + " to "
                            + SpiVersion.CURRENT);
                    continue;
                }
            } catch (AbstractMethodError e) {
                refusals.add("tower " + name + " (" + source + ") refused: built against an SPI older than version "
                        + SpiVersion.CURRENT + " (no spiVersion()); this daemon provides SPI version " + SpiVersion.CURRENT);
                continue;
            }
            String type = factory.type();
            if (!types.containsKey(type)) {
                types.put(type, new TowerType(factory, source, loader));
            }
        }
    }

    private static String safeType(TowerFactory factory) {
        try {
            return factory.type();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    /**
     * @param type a type name
     * @return the installed type, if any
     */
    public Optional<TowerType> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    /** @return every installed type, by name */
    public Collection<TowerType> all() {
        return types.values();
    }

    /** @return why towers were refused, one message each */
    public List<String> refusals() {
        return refusals;
    }
}
