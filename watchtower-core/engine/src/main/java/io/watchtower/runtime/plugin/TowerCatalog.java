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
 *
 * <p>A folder is opened when its type is first asked for ({@link #find}, by the folder's name, as
 * towers are installed): a daemon running only network-path towers loads no other tower's
 * classes or jars. Asking for a type no folder is named after, or for {@link #all()}, opens every
 * folder; {@link #refusals()} are those of the folders opened so far.
 */
public final class TowerCatalog {

    private final Map<String, TowerType> types;
    private final List<String> refusals;
    /** Tower folders not opened yet, by folder name. */
    private final Map<String, Path> unopened;
    private final SharedJars daemonJars;
    private final ClassLoader classPath;
    private boolean classPathLoaded;

    private TowerCatalog(Map<String, TowerType> types, List<String> refusals, Map<String, Path> unopened,
                         SharedJars daemonJars, ClassLoader classPath) {
        this.types = types;
        this.refusals = refusals;
        this.unopened = unopened;
        this.daemonJars = daemonJars;
        this.classPath = classPath;
        this.classPathLoaded = classPath == null;
    }

    /**
     * Finds the tower folders; each is opened when its type is first asked for.
     *
     * @param towersDir the folder of tower folders, if any
     * @param classPath the loader whose class path is searched too, after every folder (null: none)
     * @return the catalog
     */
    public static TowerCatalog discover(Optional<Path> towersDir, ClassLoader classPath) {
        List<String> refusals = new ArrayList<>();
        Map<String, Path> folders = new TreeMap<>();
        if (towersDir.isPresent() && Files.isDirectory(towersDir.get())) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(towersDir.get(), Files::isDirectory)) {
                found.forEach(folder -> folders.put(folder.getFileName().toString(), folder));
            } catch (IOException e) {
                refusals.add("cannot list tower folder " + towersDir.get() + ": " + e.getMessage());
            }
        }
        return new TowerCatalog(new TreeMap<>(), refusals, folders,
                SharedJars.onClassPath(System.getProperty("java.class.path")), classPath);
    }

    private void open(Path folder) {
        URL[] jars;
        try {
            jars = jars(folder);
        } catch (IOException e) {
            refusals.add("tower in " + folder + " refused: cannot list its jars (" + e.getMessage() + ")");
            return;
        }
        if (jars.length == 0) {
            return;
        }
        SharedJars.Split split;
        try {
            split = daemonJars.split(jars);
        } catch (IOException e) {
            refusals.add("tower in " + folder + " refused: cannot read its jars (" + e.getMessage() + ")");
            return;
        }
        PluginClassLoader loader = new PluginClassLoader(folder.getFileName().toString(), split.own(),
                TowerFactory.class.getClassLoader(), split.sharedPackages());
        load(loader, folder.toString(), types, refusals);
    }

    /** Opens every folder not opened yet, in name order, then the class path (a folder's type wins). */
    private void openAll() {
        for (Path folder : List.copyOf(unopened.values())) {
            unopened.remove(folder.getFileName().toString());
            open(folder);
        }
        if (!classPathLoaded) {
            classPathLoaded = true;
            load(classPath, "class path", types, refusals);
        }
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
        return new TowerCatalog(types, new ArrayList<>(), new TreeMap<>(), null, null);
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
    public synchronized Optional<TowerType> find(String type) {
        Path folder = unopened.remove(type);
        if (folder != null) {
            open(folder);
        }
        if (!types.containsKey(type)) {
            openAll(); // a folder named otherwise, or a tower on the class path
        }
        return Optional.ofNullable(types.get(type));
    }

    /** @return every installed type, by name (every folder opened) */
    public synchronized Collection<TowerType> all() {
        openAll();
        return List.copyOf(types.values());
    }

    /** @return why towers were refused, one message each, of the folders opened so far */
    public synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }
}
