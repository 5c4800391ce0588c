package io.watchtower.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs the .deb on this machine with dpkg, runs `watchtower check` on the shipped
 * configuration and the daemon for a few seconds as the package's user, then purges it.
 */
class DebianPackageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> AS_SERVICE_USER =
            List.of("setpriv", "--reuid=watchtower", "--regid=watchtower", "--init-groups", "--");

    @TempDir
    Path dir;

    @BeforeAll
    static void installable() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("installing the .deb needs root: run `mvn verify` as root (the CI machine does)");
        }
        for (String tool : List.of("dpkg", "dpkg-query", "setpriv", "systemd-sysusers", "systemd-tmpfiles")) {
            if (!Command.onPath(tool)) {
                throw new AssertionError(tool + " is missing: apt-get install dpkg util-linux systemd");
            }
        }
        purge();
    }

    @AfterAll
    static void purge() throws Exception {
        Command.run(TIMEOUT, "dpkg", "--purge", "watchtower");
    }

    @Test
    void installsRunsAsItsUserAndPurgesCleanly() throws Exception {
        Path deb = Distribution.deb();
        assertThat(deb.getFileName().toString()).isEqualTo("watchtower_" + Distribution.version() + "_all.deb");

        Command install = Command.run(TIMEOUT, Map.of("DEBIAN_FRONTEND", "noninteractive"), null,
                "dpkg", "-i", deb.toString());
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(Command.run(TIMEOUT, "dpkg-query", "-W", "-f=${Status}", "watchtower").ok().out())
                .isEqualTo("install ok installed");

        // layout
        assertThat(Path.of("/usr/bin/watchtower")).isSymbolicLink().isExecutable();
        assertThat(Path.of("/usr/share/watchtower/towers/network-path")).isDirectory();
        assertThat(Path.of("/lib/systemd/system/watchtower.service")).isRegularFile();
        assertThat(Path.of("/lib/systemd/system/watchtower@.service")).isRegularFile();
        assertThat(Path.of("/lib/systemd/system/watchtower.target")).isRegularFile();
        String conffiles = Command.run(TIMEOUT, "dpkg-query", "-W", "-f=${Conffiles}", "watchtower").ok().out();
        assertThat(conffiles).contains("/etc/watchtower/watchtower.conf");
        assertThat(Path.of("/etc/watchtower/conf.d")).isDirectory();
        // every document the README points to, reference.conf as a file among them
        for (Map.Entry<String, String> doc : Distribution.readmeDocuments().entrySet()) {
            assertThat(Path.of("/usr/share/doc/watchtower").resolve(doc.getValue())).as(doc.getKey()).isRegularFile()
                    .hasSameBinaryContentAs(Distribution.root().resolve(doc.getKey()));
        }
        assertThat(Path.of("/usr/share/doc/watchtower/reference.conf")).isRegularFile();
        assertThat(Path.of("/usr/share/doc/watchtower/examples/tcp-banner/pom.xml")).isRegularFile();
        // the system user from sysusers, owning the state dir; units installed but not enabled
        assertThat(Command.run(TIMEOUT, "getent", "passwd", "watchtower").ok().out()).contains(":/var/lib/watchtower:");
        PosixFileAttributes state = Files.readAttributes(Path.of("/var/lib/watchtower"), PosixFileAttributes.class);
        assertThat(state.owner().getName()).isEqualTo("watchtower");
        PosixFileAttributes credentials = Files.readAttributes(Path.of("/etc/watchtower/credentials"), PosixFileAttributes.class);
        assertThat(credentials.permissions()).hasSize(3); // rwx------
        try (var wants = Files.find(Path.of("/etc/systemd/system"), 3, (p, a) -> p.getFileName().toString().startsWith("watchtower"))) {
            assertThat(wants.toList()).as("units are installed, not enabled").isEmpty();
        }

        // the installed units are clean for systemd itself
        Command verify = Command.run(TIMEOUT, "systemd-analyze", "verify", "--man=no",
                "/lib/systemd/system/watchtower.service", "/lib/systemd/system/watchtower@.service",
                "/lib/systemd/system/watchtower.target");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out() + verify.err()).as(verify.toString()).isBlank();

        // what ExecStartPre runs, as the service user
        Command check = Command.run(TIMEOUT, concat(AS_SERVICE_USER, "/usr/bin/watchtower", "check", "-c",
                "/etc/watchtower/watchtower.conf", "--conf-dir", "/etc/watchtower/conf.d"));
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("valid, 1 tower(s)");

        // the daemon for a few seconds as the service user, on a free port set through conf.d
        int port = DaemonUnderTest.freePort();
        Files.writeString(Path.of("/etc/watchtower/conf.d/90-test.conf"),
                "watchtower.api.listen = \"127.0.0.1:" + port + "\"\n");
        Path notify = Files.createDirectories(dir.resolve("run"));
        notify.toFile().setExecutable(true, false);
        dir.toFile().setExecutable(true, false);
        try (NotifyListener manager = new NotifyListener(notify.resolve("notify"));
             DaemonUnderTest daemon = DaemonUnderTest.start(concatList(AS_SERVICE_USER, "/usr/bin/watchtower", "run", "-c",
                     "/etc/watchtower/watchtower.conf", "--conf-dir", "/etc/watchtower/conf.d"),
                     Map.of("NOTIFY_SOCKET", manager.path().toString(), "STATE_DIRECTORY", "/var/lib/watchtower"),
                     port, dir.resolve("daemon.log"))) {
            daemon.awaitReady(Duration.ofSeconds(40));
            manager.await("READY=1", m -> m.startsWith("READY=1"), Duration.ofSeconds(10));
            daemon.await("the self tower has probed", Duration.ofSeconds(20), () -> {
                try {
                    return daemon.get("/api/v1/baselines").matches("(?s).*\"samples\"\\s*:\\s*[1-9].*");
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(daemon.terminate(Duration.ofSeconds(30))).as(daemon.log()).isZero();
            assertThat(daemon.log()).doesNotContain("\"level\":\"ERROR\"");
        }
        try (var files = Files.walk(Path.of("/var/lib/watchtower"))) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).as("the daemon kept its state in /var/lib/watchtower").isNotEmpty();
            assertThat(written).as("and, as under the unit ($STATE_DIRECTORY), recorded its class-data sharing archive")
                    .contains(Path.of("/var/lib/watchtower/watchtower.jsa"), Path.of("/var/lib/watchtower/watchtower.jsa.stamp"));
            for (Path p : written) {
                assertThat(Files.getOwner(p).getName()).as(p.toString()).isEqualTo("watchtower");
            }
        }

        Command purge = Command.run(TIMEOUT, "dpkg", "--purge", "watchtower");
        assertThat(purge.exit()).as(purge.toString()).isZero();
        assertThat(Command.run(TIMEOUT, "dpkg-query", "-W", "-f=${Status}", "watchtower").out())
                .doesNotContain("installed");
        for (String gone : List.of("/usr/bin/watchtower", "/usr/share/watchtower", "/etc/watchtower", "/var/lib/watchtower",
                "/lib/systemd/system/watchtower.service", "/usr/lib/sysusers.d/watchtower.conf")) {
            assertThat(Path.of(gone)).as("after purge").doesNotExist();
        }
    }

    private static String[] concat(List<String> prefix, String... rest) {
        String[] all = new String[prefix.size() + rest.length];
        for (int i = 0; i < prefix.size(); i++) {
            all[i] = prefix.get(i);
        }
        System.arraycopy(rest, 0, all, prefix.size(), rest.length);
        return all;
    }

    private static List<String> concatList(List<String> prefix, String... rest) {
        return List.of(concat(prefix, rest));
    }
}
