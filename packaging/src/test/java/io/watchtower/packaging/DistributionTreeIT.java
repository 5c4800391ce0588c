package io.watchtower.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The distribution tree (packaging/target/watchtower/) run as an operator runs it, through bin/watchtower. */
class DistributionTreeIT {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Path tree = Distribution.tree();
    private final String bin = tree.resolve("bin/watchtower").toString();

    @Test
    void theTreeHasTheExpectedLayoutAndTheTarballHoldsIt() throws Exception {
        assertThat(tree.resolve("bin/watchtower")).isExecutable();
        assertThat(tree.resolve("lib")).isDirectoryContaining("glob:**/watchtower-launcher-*.jar");
        assertThat(tree.resolve("etc/watchtower.conf")).isRegularFile();
        assertThat(tree.resolve("systemd/watchtower.service")).isRegularFile();
        assertThat(tree.resolve("systemd/watchtower@.service")).isRegularFile();
        assertThat(tree.resolve("systemd/watchtower.target")).isRegularFile();
        assertThat(Distribution.towerTypes(tree))
                .contains("network-path", "postgres", "redis-queue", "dns", "load-balancer");

        String listing = Command.run(COMMAND, "tar", "tzvf", Distribution.tarball().toString()).ok().out();
        String base = "watchtower-" + Distribution.version() + "/";
        assertThat(listing).contains(base + "bin/watchtower", base + "lib/", base + "towers/network-path/",
                base + "etc/watchtower.conf", base + "systemd/watchtower.service");
        assertThat(listing.lines().filter(l -> l.endsWith(base + "bin/watchtower")).findFirst().orElseThrow())
                .startsWith("-rwxr-xr-x");
    }

    /** A shipped jar's artifact (with its classifier) and version, from its file name. */
    private static final Pattern JAR = Pattern.compile(
            "(?<artifact>[A-Za-z][A-Za-z0-9_.-]*?)-(?<version>\\d+(?:\\.\\d+)*(?:[.-][A-Za-z]+)?)(?<classifier>-[a-z][a-z0-9_-]*)?\\.jar");

    private List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void nettyLettuceAndReactorAreShippedOnceAndSharedByteForByte() throws Exception {
        List<Path> jars = jars();
        // one version of each artifact in the whole tree: a tower folder's copy is the daemon's
        Map<String, Set<String>> versions = new TreeMap<>();
        for (Path jar : jars) {
            Matcher m = JAR.matcher(jar.getFileName().toString());
            if (m.matches()) {
                String classifier = m.group("classifier") == null ? "" : m.group("classifier");
                versions.computeIfAbsent(m.group("artifact") + classifier, k -> new TreeSet<>()).add(m.group("version"));
            }
        }
        assertThat(versions).containsKeys("lettuce-core", "reactor-core", "netty-common", "netty-buffer",
                "netty-transport", "netty-handler", "netty-codec-base", "watchtower-net");
        versions.forEach((artifact, found) -> {
            if (artifact.matches("(netty-|lettuce-|reactor-|reactive-streams|watchtower-net).*")) {
                assertThat(found).as("versions of %s in the tree", artifact).hasSize(1);
            }
        });
        Path lib = tree.resolve("lib");
        List<Path> network = jars.stream()
                .filter(j -> j.getFileName().toString().matches("(netty-|lettuce-|reactor-|reactive-streams|watchtower-net).*"))
                .toList();
        for (Path jar : network) {
            Path daemonCopy = lib.resolve(jar.getFileName().toString());
            assertThat(daemonCopy).as("the daemon ships %s, which a tower folder has", tree.relativize(jar)).exists();
            assertThat(Files.mismatch(daemonCopy, jar)).as("%s is byte-identical to the daemon's", tree.relativize(jar))
                    .isEqualTo(-1L);
        }
        assertThat(tree.resolve("towers/redis-queue")).as("the redis-queue tower brings Lettuce and its stack")
                .isDirectoryContaining("glob:**/lettuce-core-*.jar").isDirectoryContaining("glob:**/reactor-core-*.jar")
                .isDirectoryContaining("glob:**/netty-transport-*.jar").isDirectoryContaining("glob:**/watchtower-net-*.jar");
    }

    /** Every class of the project's own jars in the tree. */
    private Map<Path, List<String>> ownClasses() throws IOException {
        Map<Path, List<String>> classes = new TreeMap<>();
        for (Path jar : jars()) {
            if (jar.getFileName().toString().startsWith("watchtower-")) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    classes.put(tree.relativize(jar),
                            j.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList());
                }
            }
        }
        return classes;
    }

    @Test
    void noHandWrittenRedisClientIsShipped() throws Exception {
        assertThat(jars()).extracting(j -> j.getFileName().toString()).noneMatch(n -> n.startsWith("watchtower-resp-"));
        ownClasses().forEach((jar, classes) -> assertThat(classes).as("RESP client classes in %s", jar)
                .noneMatch(n -> n.startsWith("io/watchtower/resp/")));
    }

    @Test
    void noHandWrittenHttpClientIsShipped() throws Exception {
        // the load-balancer's HTTP/1.1 client on JDK sockets gives way to Netty's codec
        ownClasses().forEach((jar, classes) -> assertThat(classes).as("hand-written HTTP client classes in %s", jar)
                .noneMatch(n -> n.matches("io/watchtower/tower/loadbalancer/(DeadlineSocket|ResponseReader|"
                        + "ResponseInput|HttpExchange)(\\$.*)?\\.class")));
    }

    @Test
    void checkAcceptsEveryShippedConfiguration() throws Exception {
        List<Path> configs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tree.resolve("conf"), "*.conf")) {
            files.forEach(configs::add);
        }
        assertThat(configs).isNotEmpty();
        for (Path config : configs) {
            assertThat(Command.run(COMMAND, bin, "check", "-c", config.toString()).ok().out()).contains("valid");
        }
        Command packaged = Command.run(COMMAND, bin, "check", "-c", tree.resolve("etc/watchtower.conf").toString(),
                "--conf-dir", tree.resolve("etc/conf.d").toString()).ok();
        assertThat(packaged.out()).contains("valid, 1 tower(s)");

        Path broken = Files.writeString(dir.resolve("broken.conf"), "watchtower.towers.x { type = no-such-tower }\n");
        Command bad = Command.run(COMMAND, bin, "check", "-c", broken.toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(78);
        assertThat(bad.out()).contains("broken.conf");
    }

    @Test
    void everyDocumentTheReadmePointsToIsShippedAsAFileInTheTreeAndTheTarball() throws Exception {
        Map<String, String> documents = Distribution.readmeDocuments();
        assertThat(documents).as("the README's links").hasSizeGreaterThanOrEqualTo(9)
                .containsEntry("watchtower-core/engine/src/main/resources/reference.conf", "reference.conf");
        String listing = Command.run(COMMAND, "tar", "tzf", Distribution.tarball().toString()).ok().out();
        String base = "watchtower-" + Distribution.version() + "/docs/";
        for (Map.Entry<String, String> doc : documents.entrySet()) {
            Path shipped = tree.resolve("docs").resolve(doc.getValue());
            assertThat(shipped).as("%s in the tree", doc.getKey()).isRegularFile()
                    .hasSameBinaryContentAs(Distribution.root().resolve(doc.getKey()));
            assertThat(listing).as("%s in the tarball", doc.getKey()).containsPattern("(?m)^" + base + doc.getValue() + "$");
        }
        // writing-a-tower.md walks through docs/examples/tcp-banner/, a relative link that must resolve
        assertThat(tree.resolve("docs/examples/tcp-banner/pom.xml")).isRegularFile();
        assertThat(tree.resolve("docs/examples/tcp-banner/target")).doesNotExist();
    }

    @Test
    void towersAndSampleConfigLookInTheConfiguredTowersDir() throws Exception {
        // an installation without towers of its own; the dns tower lives in a folder the configuration names
        Path home = Distribution.overlay(dir.resolve("home"));
        Files.delete(home.resolve("towers/dns"));
        Path site = Files.createDirectories(dir.resolve("site-towers"));
        Files.createSymbolicLink(site.resolve("dns"), tree.resolve("towers/dns"));
        Path config = Files.writeString(dir.resolve("watchtower.conf"), "watchtower { state-dir = \"" + dir.resolve("state")
                + "\", towers-dir = \"" + site + "\" }\n");
        String homeBin = home.resolve("bin/watchtower").toString();

        assertThat(Command.run(COMMAND, homeBin, "towers").ok().out()).doesNotContainPattern("(?m)^dns — ");
        for (List<String> where : List.of(List.of("-c", config.toString()), List.of("--towers-dir", site.toString()))) {
            List<String> towers = new ArrayList<>(List.of(homeBin, "towers"));
            towers.addAll(where);
            Command listed = Command.run(COMMAND, towers.toArray(String[]::new));
            assertThat(listed.exit()).as(listed.toString()).isZero();
            assertThat(listed.out()).as(listed.toString()).containsPattern("(?m)^dns — ")
                    .contains("from " + site.resolve("dns"))
                    .doesNotContainPattern("(?m)^network-path — ");
            List<String> sample = new ArrayList<>(List.of(homeBin, "sample-config", "dns"));
            sample.addAll(where);
            Command printed = Command.run(COMMAND, sample.toArray(String[]::new));
            assertThat(printed.exit()).as(printed.toString()).isZero();
            assertThat(printed.out()).contains("type = dns");
        }
        Command bad = Command.run(COMMAND, homeBin, "towers", "-c", Files.writeString(dir.resolve("bad.conf"),
                "watchtower { towers-dir = 5, no-such-key = 1 }\n").toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(78);
        assertThat(bad.err()).contains("no-such-key");
    }

    @Test
    void towersListsEveryTowerTypeInstalledInItsOwnFolder() throws Exception {
        Command towers = Command.run(COMMAND, bin, "towers").ok();
        for (String type : Distribution.towerTypes(tree)) {
            assertThat(towers.out()).as("`watchtower towers` lists towers/%s/%n%s", type, towers)
                    .containsPattern("(?m)^" + type + " — ")
                    .contains("from " + tree.toRealPath().resolve("towers").resolve(type));
        }
        assertThat(towers.err()).doesNotContain("refused");
    }

    @Test
    void everyTowerTypeCanBeCreatedFromItsOwnFolder() throws Exception {
        // `check` creates each tower (its settings validated by its factory) in the tower's own class
        // loader: a library missing from towers/<type>/ fails here, not on a production host.
        StringBuilder all = new StringBuilder();
        for (String type : Distribution.towerTypes(tree)) {
            all.append(Command.run(COMMAND, bin, "sample-config", type).ok().out()).append('\n');
        }
        all.append("watchtower { state-dir = \"").append(dir.resolve("state")).append("\" }\n");
        Path config = Files.writeString(dir.resolve("samples.conf"), all.toString());
        Command check = Command.run(COMMAND, bin, "check", "-c", config.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).containsPattern("valid, \\d+ tower\\(s\\)");
        assertThat(check.err()).doesNotContain("refused", "NoClassDefFoundError");
    }

    @Test
    void runBecomesReadyTalksToTheServiceManagerAndStopsCleanlyOnSigterm() throws Exception {
        int port = DaemonUnderTest.freePort();
        Path config = DaemonUnderTest.selfWatchingConfig(dir, port);
        try (NotifyListener manager = new NotifyListener(dir.resolve("notify"));
             DaemonUnderTest daemon = DaemonUnderTest.start(List.of(bin, "run", "-c", config.toString()),
                     Map.of("NOTIFY_SOCKET", manager.path().toString(), "WATCHDOG_USEC", "1000000"), port,
                     dir.resolve("daemon.log"))) {
            daemon.awaitReady(Duration.ofSeconds(30));
            assertThat(manager.await("READY=1", m -> m.contains("READY=1"), Duration.ofSeconds(10)))
                    .contains("STATUS=watching with 1 tower(s)");
            manager.await("WATCHDOG=1", m -> m.equals("WATCHDOG=1"), Duration.ofSeconds(5));

            daemon.signal("HUP");
            String reloading = manager.await("RELOADING=1", m -> m.contains("RELOADING=1"), Duration.ofSeconds(10));
            assertThat(reloading).containsPattern("MONOTONIC_USEC=\\d+");
            long sent = Long.parseLong(reloading.replaceAll("(?s).*MONOTONIC_USEC=(\\d+).*", "$1"));
            long uptimeMicros = (long) (Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]) * 1e6);
            assertThat(sent).as("MONOTONIC_USEC is CLOCK_MONOTONIC").isBetween(0L, uptimeMicros + 1_000_000L);
            manager.await("READY=1 after the reload", m -> m.startsWith("READY=1"), Duration.ofSeconds(10));
            assertThat(daemon.status("/ready")).isEqualTo(200);

            assertThat(daemon.terminate(Duration.ofSeconds(30))).as(daemon.log()).isZero();
            manager.await("STOPPING=1", m -> m.startsWith("STOPPING=1"), Duration.ofSeconds(5));
        }
    }

    @Test
    void aTowerBuiltAgainstAnotherSpiVersionIsRefusedNamingBothVersions() throws Exception {
        Path home = Distribution.overlay(dir.resolve("home"));
        Path jar = Files.createDirectories(home.resolve("towers/old-spi")).resolve("old-spi-tower.jar");
        buildTowerAgainstSpi(3, jar);

        Command towers = Command.run(COMMAND, home.resolve("bin/watchtower").toString(), "towers").ok();

        assertThat(towers.err()).contains("tower old-spi (com.example.oldspi.OldSpiTowerFactory")
                .contains("built against SPI version 3, this daemon provides SPI version 2"
                        + " and runs towers built against versions 1 to 2");
        assertThat(towers.out()).doesNotContainPattern("(?m)^old-spi ").containsPattern("(?m)^network-path — ");
    }

    @Test
    void aTowerBuiltAgainstSpiVersion1StillLoadsAndProbes() throws Exception {
        Path home = Distribution.overlay(dir.resolve("home-v1"));
        Path jar = Files.createDirectories(home.resolve("towers/old-spi")).resolve("old-spi-tower.jar");
        buildTowerAgainstSpi(1, jar);

        Command towers = Command.run(COMMAND, home.resolve("bin/watchtower").toString(), "towers").ok();
        assertThat(towers.err()).doesNotContain("old-spi");
        assertThat(towers.out()).containsPattern("(?m)^old-spi — built against another SPI");

        Path config = Files.writeString(dir.resolve("v1.conf"), "watchtower {\n  state-dir = \""
                + dir.resolve("state") + "\"\n  towers { legacy { type = old-spi } }\n}\n");
        Command probe = Command.run(COMMAND, home.resolve("bin/watchtower").toString(), "probe", "legacy", "-c",
                config.toString());
        assertThat(probe.exit()).as(probe.out() + probe.err()).isZero();
        assertThat(probe.out()).containsPattern("(?m)^  legacy +seen +gauge +1 +count$").contains("saw everything (exit 0)");
    }

    /**
     * Compiles a tower whose factory reports {@code spiVersion}: what {@code return SpiVersion.CURRENT;}
     * compiles to against an SPI of that version (the constant is inlined by javac). The tower uses
     * only what SPI version 1 had, so with version 1 it is the tower a version-1 build produces.
     */
    private void buildTowerAgainstSpi(int spiVersion, Path jar) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/com/example/oldspi"));
        Files.writeString(src.resolve("OldSpiTowerFactory.java"), """
                package com.example.oldspi;
                public final class OldSpiTowerFactory implements io.watchtower.spi.TowerFactory {
                    public String type() { return "old-spi"; }
                    public String description() { return "built against another SPI"; }
                    public java.util.List<io.watchtower.spi.Check> checks() {
                        return java.util.List.of(io.watchtower.spi.Check.gauge("seen")
                                .unit(io.watchtower.spi.Unit.COUNT).describedAs("1 when it looked"));
                    }
                    // only what SPI version 1 had: a gauge, no deadline, no counter
                    public io.watchtower.spi.Tower create(io.watchtower.spi.TowerContext context) {
                        return out -> out.target("legacy").gauge("seen", 1);
                    }
                    public int spiVersion() { return %d; }
                }
                """.formatted(spiVersion));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path spi;
        try (Stream<Path> libs = Files.list(tree.resolve("lib"))) {
            spi = libs.filter(p -> p.getFileName().toString().startsWith("watchtower-spi-")).findFirst().orElseThrow();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", spi.toString(),
                src.resolve("OldSpiTowerFactory.java").toString());
        assertThat(rc).isZero();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("com/example/oldspi/OldSpiTowerFactory.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("com/example/oldspi/OldSpiTowerFactory.class")));
            jarOut.putNextEntry(new JarEntry("META-INF/services/io.watchtower.spi.TowerFactory"));
            jarOut.write("com.example.oldspi.OldSpiTowerFactory\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
