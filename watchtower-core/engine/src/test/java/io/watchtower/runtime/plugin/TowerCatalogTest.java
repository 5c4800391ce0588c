package io.watchtower.runtime.plugin;

import io.watchtower.runtime.plugin.fixture.FolderTowerFactory;
import io.watchtower.spi.TowerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog opens a tower folder when its type is first asked for: a daemon that runs only one
 * type loads no other folder's jars or classes, nor learns of their refusals; a type no folder is
 * named after opens them all.
 */
class TowerCatalogTest {

    private static final String FACTORY = FolderTowerFactory.class.getName();
    private static final String SERVICES = "META-INF/services/" + TowerFactory.class.getName();

    @TempDir
    Path towers;

    @Test
    void onlyTheFolderOfTheTypeAskedForIsOpened() throws Exception {
        tower("alpha", "alpha", FACTORY);
        tower("beta", "beta", FACTORY);
        tower("broken", "broken", "com.example.NoSuchFactory");
        TowerCatalog catalog = TowerCatalog.discover(Optional.of(towers), null);

        TowerType alpha = catalog.find("alpha").orElseThrow();

        assertThat(alpha.source()).isEqualTo(towers.resolve("alpha").toString());
        assertThat(alpha.loader().getName()).isEqualTo("tower-alpha");
        assertThat(catalog.refusals()).as("the broken folder was not opened").isEmpty();
        assertThat(catalog.find("alpha").orElseThrow()).as("a folder is opened once").isSameAs(alpha);

        assertThat(catalog.all()).extracting(TowerType::name).containsExactly("alpha", "beta");
        assertThat(catalog.refusals()).singleElement().asString().contains(towers.resolve("broken").toString())
                .contains("NoSuchFactory");
    }

    @Test
    void aTypeNoFolderIsNamedAfterOpensEveryFolder() throws Exception {
        tower("alpha", "alpha", FACTORY);
        tower("queue-v2", "redis-queue", FACTORY);
        TowerCatalog catalog = TowerCatalog.discover(Optional.of(towers), null);

        assertThat(catalog.find("redis-queue")).as("found in a folder named otherwise").isPresent()
                .get().extracting(TowerType::source).isEqualTo(towers.resolve("queue-v2").toString());
        assertThat(catalog.find("gamma")).isEmpty();
        assertThat(catalog.all()).extracting(TowerType::name).containsExactly("alpha", "redis-queue");
    }

    /** A folder {@code towers/<folder>/} holding one jar: the fixture factory, its type, and a service file. */
    private void tower(String folder, String type, String factoryClass) throws IOException {
        Path jar = Files.createDirectories(towers.resolve(folder)).resolve(folder + ".jar");
        String classFile = FACTORY.replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                InputStream bytes = FolderTowerFactory.class.getClassLoader().getResourceAsStream(classFile)) {
            j.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(j);
            j.putNextEntry(new JarEntry(classFile.substring(0, classFile.lastIndexOf('/') + 1) + "type.txt"));
            j.write(type.getBytes(StandardCharsets.UTF_8));
            j.putNextEntry(new JarEntry(SERVICES));
            j.write((factoryClass + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
