package io.watchtower.runtime.plugin;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The daemon's own jars, so that a tower folder shipping a byte-identical copy of one (Lettuce, Netty,
 * HikariCP, the PostgreSQL driver) loads it once, from the daemon, instead of once per tower type.
 * Only an identical file is shared — same name, same bytes — so a tower that brings another version
 * of a library still gets its own; and a jar is not shared when one of its packages also appears in
 * a jar the tower keeps (a split package must stay in one loader).
 */
final class SharedJars {

    private static final SharedJars NONE = new SharedJars(Map.of());

    private final Map<String, Path> byFileName;

    private SharedJars(Map<String, Path> byFileName) {
        this.byFileName = byFileName;
    }

    /**
     * @param classPath the daemon's class path, as in {@code java.class.path}
     * @return the jars on it, by file name
     */
    static SharedJars onClassPath(String classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return NONE;
        }
        Map<String, Path> jars = new HashMap<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                Path jar = Path.of(entry);
                jars.putIfAbsent(jar.getFileName().toString(), jar);
            }
        }
        return new SharedJars(jars);
    }

    /**
     * Splits a tower folder's jars into those the tower loads itself and the packages it takes from
     * the daemon.
     *
     * @param towerJars the jars of {@code towers/<type>/}
     * @return the split
     * @throws IOException if a jar cannot be read
     */
    Split split(URL[] towerJars) throws IOException {
        List<URL> own = new ArrayList<>();
        List<Set<String>> sharedPackages = new ArrayList<>();
        List<URL> sharedUrls = new ArrayList<>();
        for (URL url : towerJars) {
            Path jar = path(url);
            Path daemonCopy = byFileName.get(jar.getFileName().toString());
            if (daemonCopy != null && identical(jar, daemonCopy)) {
                sharedUrls.add(url);
                sharedPackages.add(packages(jar));
            } else {
                own.add(url);
            }
        }
        if (sharedUrls.isEmpty()) {
            return new Split(towerJars, Set.of());
        }
        Set<String> ownPackages = new HashSet<>();
        for (URL url : own) {
            ownPackages.addAll(packages(path(url)));
        }
        Set<String> shared = new HashSet<>();
        for (int i = 0; i < sharedUrls.size(); i++) {
            Set<String> packages = sharedPackages.get(i);
            if (packages.stream().anyMatch(ownPackages::contains)) {
                own.add(sharedUrls.get(i));
                ownPackages.addAll(packages);
            } else {
                shared.addAll(packages);
            }
        }
        shared.removeAll(ownPackages);
        own.sort((a, b) -> a.toString().compareTo(b.toString()));
        return new Split(own.toArray(new URL[0]), Set.copyOf(shared));
    }

    /**
     * A tower folder's jars, split.
     *
     * @param own the jars the tower's loader reads itself
     * @param sharedPackages the packages (dotted, with a trailing dot) it takes from the daemon
     */
    record Split(URL[] own, Set<String> sharedPackages) {
    }

    private static boolean identical(Path a, Path b) throws IOException {
        return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1L;
    }

    private static Set<String> packages(Path jar) throws IOException {
        Set<String> packages = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                int slash = name.lastIndexOf('/');
                if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
                    packages.add(name.substring(0, slash).replace('/', '.') + ".");
                }
            }
        }
        return packages;
    }

    private static Path path(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new MalformedURLException("not a jar file: " + url);
        }
    }
}
