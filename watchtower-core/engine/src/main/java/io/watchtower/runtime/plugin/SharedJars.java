package io.watchtower.runtime.plugin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * The daemon's own jars, so that a tower folder shipping an identical copy of one (Lettuce, Netty,
 * HikariCP, the PostgreSQL driver) loads it once, from the daemon, instead of once per tower type.
 * Only an identical file is shared — same name, same size, same CRC-32 of its bytes — so a tower that
 * brings another version of a library still gets its own; and a jar is not shared when one of its
 * packages also appears in a jar the tower keeps (a split package must stay in one loader).
 *
 * <p>What is read of a daemon jar (its checksum, its packages) is read once, however many tower
 * folders ship a copy of it: the start of a daemon with several Netty-based tower types reads each of
 * Netty's jars once instead of once per type, and checksums (computed natively) instead of comparing
 * the bytes in Java, which the start's still interpreted code did slowly.
 */
final class SharedJars {

    private static final SharedJars NONE = new SharedJars(Map.of());

    private final Map<String, Path> byFileName;
    /** CRC-32 of each daemon jar read so far. */
    private final Map<Path, Long> checksums = new ConcurrentHashMap<>();
    /** Packages of each daemon jar read so far. */
    private final Map<Path, Set<String>> daemonPackages = new ConcurrentHashMap<>();

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
                sharedPackages.add(cached(daemonPackages, daemonCopy, SharedJars::packages));
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

    private boolean identical(Path towerJar, Path daemonJar) throws IOException {
        return Files.size(towerJar) == Files.size(daemonJar)
                && checksum(towerJar) == cached(checksums, daemonJar, SharedJars::checksum);
    }

    /** A reading of a jar that may fail. */
    private interface JarReading<T> {
        T read(Path jar) throws IOException;
    }

    private static <T> T cached(Map<Path, T> cache, Path jar, JarReading<T> reading) throws IOException {
        T known = cache.get(jar);
        if (known == null) {
            known = reading.read(jar);
            cache.putIfAbsent(jar, known);
        }
        return known;
    }

    private static long checksum(Path jar) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(jar)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
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
