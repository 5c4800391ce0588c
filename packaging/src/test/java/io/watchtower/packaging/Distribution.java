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

    /** @return the Maven repository (layout) the example tower's Watchtower artifacts are staged in, by this build */
    static Path exampleRepository() {
        return existing("watchtower.example.repository");
    }

    /** @return the user's local Maven repository: only read, for third-party artifacts */
    static Path userRepository() {
        return existing("watchtower.user.repository");
    }

    /** @return the root of the source tree */
    static Path root() {
        return existing("watchtower.root");
    }

    /**
     * The files the README links to, as shipped: each maps a path in the source tree to its name
     * under docs/ of the distribution (and /usr/share/doc/watchtower/ of the .deb). Pages of docs/
     * keep their names; {@code reference.conf} is shipped as docs/reference.conf.
     *
     * @return source path (relative to the root) to the shipped name
     */
    static java.util.Map<String, String> readmeDocuments() throws IOException {
        java.util.Map<String, String> documents = new java.util.TreeMap<>();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)")
                .matcher(Files.readString(root().resolve("README.md")));
        while (link.find()) {
            String target = link.group(1);
            if (target.contains("://")) {
                continue;
            }
            String name = target.startsWith("docs/") ? target.substring("docs/".length())
                    : Path.of(target).getFileName().toString();
            documents.put(target, name);
        }
        return documents;
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
