package io.watchtower.runtime.plugin;

import io.watchtower.runtime.plugin.fixture.LibraryClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedJarsTest {

    private static final String LIBRARY = LibraryClass.class.getName();
    private static final String LIBRARY_ENTRY = LIBRARY.replace('.', '/') + ".class";
    private static final String PACKAGE = LibraryClass.class.getPackageName() + ".";

    @TempDir
    Path dir;

    @Test
    void anIdenticalJarIsLoadedOnceFromTheDaemon() throws Exception {
        Path daemonJar = jar(dir.resolve("daemon/lib-1.0.jar"), "");
        Path towerJar = Files.createDirectories(dir.resolve("tower")).resolve("lib-1.0.jar");
        Files.copy(daemonJar, towerJar);
        try (URLClassLoader daemon = new URLClassLoader(new URL[] {url(daemonJar)}, ClassLoader.getPlatformClassLoader())) {
            SharedJars.Split split = SharedJars.onClassPath(daemonJar.toString()).split(new URL[] {url(towerJar)});
            assertArrayEquals(new URL[0], split.own());
            assertEquals(Set.of(PACKAGE), split.sharedPackages());
            try (PluginClassLoader tower = new PluginClassLoader("t", split.own(), daemon, split.sharedPackages())) {
                Class<?> fromTower = tower.loadClass(LIBRARY);
                assertSame(daemon.loadClass(LIBRARY), fromTower);
                assertEquals("hello", fromTower.getMethod("hello").invoke(null));
                assertNotNull(tower.getResource(LIBRARY_ENTRY), "resources of a shared package come from the daemon");
            }
        }
    }

    @Test
    void anotherBuildOfTheSameJarNameStaysTheTowers() throws Exception {
        Path daemonJar = jar(dir.resolve("daemon/lib-1.0.jar"), "");
        Path towerJar = jar(dir.resolve("tower/lib-1.0.jar"), "patched");
        try (URLClassLoader daemon = new URLClassLoader(new URL[] {url(daemonJar)}, ClassLoader.getPlatformClassLoader())) {
            SharedJars.Split split = SharedJars.onClassPath(daemonJar.toString()).split(new URL[] {url(towerJar)});
            assertArrayEquals(new URL[] {url(towerJar)}, split.own());
            assertTrue(split.sharedPackages().isEmpty());
            try (PluginClassLoader tower = new PluginClassLoader("t", split.own(), daemon, split.sharedPackages())) {
                assertNotSame(daemon.loadClass(LIBRARY), tower.loadClass(LIBRARY));
            }
        }
    }

    @Test
    void aCopyOfTheSameSizeWithOneByteChangedStaysTheTowers() throws Exception {
        Path daemonJar = jar(dir.resolve("daemon/lib-1.0.jar"), "");
        Path towerJar = Files.createDirectories(dir.resolve("tower")).resolve("lib-1.0.jar");
        byte[] bytes = Files.readAllBytes(daemonJar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(towerJar, bytes);
        SharedJars.Split split = SharedJars.onClassPath(daemonJar.toString()).split(new URL[] {url(towerJar)});
        assertArrayEquals(new URL[] {url(towerJar)}, split.own());
        assertTrue(split.sharedPackages().isEmpty());
    }

    @Test
    void everyTowerFolderShippingTheSameCopySharesIt() throws Exception {
        Path daemonJar = jar(dir.resolve("daemon/lib-1.0.jar"), "");
        SharedJars jars = SharedJars.onClassPath(daemonJar.toString());
        for (String folder : new String[] {"dns", "redis-queue"}) {
            Path towerJar = Files.createDirectories(dir.resolve(folder)).resolve("lib-1.0.jar");
            Files.copy(daemonJar, towerJar);
            SharedJars.Split split = jars.split(new URL[] {url(towerJar)});
            assertArrayEquals(new URL[0], split.own(), folder);
            assertEquals(Set.of(PACKAGE), split.sharedPackages(), folder);
        }
    }

    @Test
    void aJarWhosePackageTheTowerAlsoShipsIsNotShared() throws Exception {
        Path daemonJar = jar(dir.resolve("daemon/lib-1.0.jar"), "");
        Path towerJar = Files.createDirectories(dir.resolve("tower")).resolve("lib-1.0.jar");
        Files.copy(daemonJar, towerJar);
        Path splitPackage = jar(dir.resolve("tower/extra-1.0.jar"), "another class in the same package");
        try (URLClassLoader daemon = new URLClassLoader(new URL[] {url(daemonJar)}, ClassLoader.getPlatformClassLoader())) {
            SharedJars.Split split = SharedJars.onClassPath(daemonJar.toString())
                    .split(new URL[] {url(splitPackage), url(towerJar)});
            assertEquals(2, split.own().length);
            assertTrue(split.sharedPackages().isEmpty());
            try (PluginClassLoader tower = new PluginClassLoader("t", split.own(), daemon, split.sharedPackages())) {
                assertNotSame(daemon.loadClass(LIBRARY), tower.loadClass(LIBRARY));
            }
        }
    }

    @Test
    void withoutJarsOnTheClassPathNothingIsShared() throws Exception {
        Path towerJar = jar(dir.resolve("tower/lib-1.0.jar"), "");
        SharedJars.Split split = SharedJars.onClassPath(dir.resolve("classes").toString()).split(new URL[] {url(towerJar)});
        assertArrayEquals(new URL[] {url(towerJar)}, split.own());
        assertTrue(split.sharedPackages().isEmpty());
    }

    /** A jar holding {@link LibraryClass}, and a text entry that makes two builds differ. */
    private static Path jar(Path file, String note) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out);
                InputStream classFile = LibraryClass.class.getClassLoader().getResourceAsStream(LIBRARY_ENTRY)) {
            JarEntry entry = new JarEntry(LIBRARY_ENTRY);
            entry.setTime(0);
            jar.putNextEntry(entry);
            classFile.transferTo(jar);
            if (!note.isEmpty()) {
                JarEntry text = new JarEntry(PACKAGE.replace('.', '/') + "note.txt");
                text.setTime(0);
                jar.putNextEntry(text);
                jar.write(note.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (note.startsWith("another")) {
                    JarEntry other = new JarEntry(PACKAGE.replace('.', '/') + "Other.class");
                    other.setTime(0);
                    jar.putNextEntry(other);
                    jar.write(new byte[] {0});
                }
            }
        }
        return file;
    }

    private static URL url(Path p) throws IOException {
        return p.toUri().toURL();
    }
}
