package io.watchtower.packaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The artifacts `mvn package` built, as handed to the tests by failsafe. */
final class Distribution {

    private Distribution() {
    }

    /** @return packaging/target/watchtower: bin/, lib/, towers/, conf/, etc/, systemd/ */
    static Path tree() {
        return existing("watchtower.dist");
    }

    /** @return the .deb */
    static Path deb() {
        return existing("watchtower.deb");
    }

    /** @return the .tar.gz */
    static Path tarball() {
        return existing("watchtower.tarball");
    }

    /** @return the systemd/ folder of the source tree */
    static Path units() {
        return existing("watchtower.units");
    }

    /** @return docs/examples/tcp-banner */
    static Path example() {
        return existing("watchtower.example");
    }

    static String version() {
        return System.getProperty("watchtower.version", "0.1.0");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set: run these tests through "
                    + "`mvn verify` (failsafe) in packaging/, after `mvn package` built the distribution");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new AssertionError(path + " does not exist: build it with `mvn -pl packaging -am package`");
        }
        return path;
    }

    /** @return the tower folders of an installation, by name */
    static List<String> towerTypes(Path home) throws IOException {
        List<String> types = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home.resolve("towers"), Files::isDirectory)) {
            dirs.forEach(d -> types.add(d.getFileName().toString()));
        }
        types.sort(null);
        return types;
    }

    /**
     * An installation of its own that shares the distribution's lib/ and tower folders (symbolic
     * links) and gets a copy of bin/, so towers can be added to it without touching the build output.
     *
     * @param dir an empty folder
     * @return the new installation's home
     */
    static Path overlay(Path dir) throws IOException {
        Path tree = tree();
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(tree.resolve("bin/watchtower"), dir.resolve("bin/watchtower"));
        dir.resolve("bin/watchtower").toFile().setExecutable(true);
        Files.createSymbolicLink(dir.resolve("lib"), tree.resolve("lib"));
        Files.createDirectories(dir.resolve("towers"));
        for (String type : towerTypes(tree)) {
            Files.createSymbolicLink(dir.resolve("towers").resolve(type), tree.resolve("towers").resolve(type));
        }
        return dir;
    }
}
