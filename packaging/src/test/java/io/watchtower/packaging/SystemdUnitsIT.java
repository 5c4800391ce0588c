package io.watchtower.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The units in systemd/, checked the way systemd itself reads them: {@code systemd-analyze verify}
 * must print nothing, and {@code systemd-analyze security --offline=true} must rate both services
 * at an exposure of 1.5 or less.
 */
class SystemdUnitsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d+)");
    private static final List<String> SERVICES = List.of("watchtower.service", "watchtower@.service");

    @TempDir
    Path dir;

    @BeforeAll
    static void systemdAnalyzeIsAvailable() throws Exception {
        if (!Command.onPath("systemd-analyze")) {
            throw new AssertionError("systemd-analyze is not installed: `apt-get install systemd` (version 250 or later,"
                    + " for `security --offline=true`); it runs without systemd being PID 1");
        }
        String version = Command.run(TIMEOUT, "systemd-analyze", "--version").ok().out();
        Matcher m = Pattern.compile("systemd (\\d+)").matcher(version);
        assertThat(m.find()).as(version).isTrue();
        if (Integer.parseInt(m.group(1)) < 250) {
            throw new AssertionError("systemd-analyze " + m.group(1) + " has no `security --offline`; need systemd 250 or later");
        }
    }

    @Test
    void bothServicesHaveAnExposureOfAtMostOnePointFive() throws Exception {
        for (String service : SERVICES) {
            Path copy = Files.copy(Distribution.units().resolve(service), dir.resolve(service));
            Command security = Command.run(TIMEOUT, java.util.Map.of(), dir, "systemd-analyze", "security", "--offline=true",
                    "--no-pager", copy.getFileName().toString());
            Matcher m = EXPOSURE.matcher(security.out());
            assertThat(m.find()).as(security.toString()).isTrue();
            assertThat(Double.parseDouble(m.group(2))).as("exposure of %s%n%s", service, security.out())
                    .isLessThanOrEqualTo(1.5);
        }
    }

    @Test
    void theIcmpDropInKeepsTheGroupUnitWithinOnePointFive() throws Exception {
        // a drop-in's assignments apply after the unit's: the same as appending its [Service] section
        String unit = Files.readString(Distribution.units().resolve("watchtower@.service")) + "\n"
                + Files.readString(Distribution.units().resolve("examples/icmp.conf"));
        Files.writeString(dir.resolve("watchtower-icmp@.service"), unit);
        Command security = Command.run(TIMEOUT, java.util.Map.of(), dir, "systemd-analyze", "security", "--offline=true",
                "--no-pager", "watchtower-icmp@.service");
        Matcher m = EXPOSURE.matcher(security.out());
        assertThat(m.find()).as(security.toString()).isTrue();
        assertThat(security.out()).contains("CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)");
        assertThat(Double.parseDouble(m.group(2))).as(security.out()).isLessThanOrEqualTo(1.5);
    }

    @Test
    void verifyIsCleanForEveryUnit() throws Exception {
        Path root = fakeRoot();
        Path unitDir = root.resolve("lib/systemd/system");
        List<String> argv = new java.util.ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        for (String unit : List.of("watchtower.service", "watchtower@.service", "watchtower.target")) {
            argv.add(unitDir.resolve(unit).toString());
        }
        Command verify = Command.run(TIMEOUT, argv.toArray(String[]::new));
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out() + verify.err()).as("systemd-analyze verify prints nothing for clean units").isBlank();
    }

    @Test
    void verifyNoticesAMistake() throws Exception {
        Path root = fakeRoot();
        Path unit = root.resolve("lib/systemd/system/watchtower.service");
        Files.writeString(unit, Files.readString(unit).replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"));
        Command verify = Command.run(TIMEOUT, "systemd-analyze", "verify", "--man=no", "--root=" + root, unit.toString());
        assertThat(verify.out() + verify.err()).contains("Unknown key 'NoNewPrivilege'");
    }

    @Test
    void theServicesSpeakTheNotifyProtocolAndStopRestartLoopsOnBadConfigurations() throws IOException {
        for (String service : SERVICES) {
            String unit = Files.readString(Distribution.units().resolve(service));
            assertThat(unit).as(service).contains("Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID",
                    "RestartPreventExitStatus=78", "ExecStartPre=/usr/bin/watchtower check", "CapabilityBoundingSet=\n",
                    "ProtectSystem=strict", "LoadCredential=");
        }
    }

    /**
     * A root for {@code verify --root}: the host's units (sysinit.target and friends), ours, and the
     * programs our Exec lines name.
     */
    private Path fakeRoot() throws IOException {
        Path root = dir.resolve("root");
        Path unitDir = Files.createDirectories(root.resolve("lib/systemd/system"));
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path p : (Iterable<Path>) host::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, unitDir.resolve(p.getFileName()));
                }
            }
        }
        for (String unit : List.of("watchtower.service", "watchtower@.service", "watchtower.target")) {
            Files.copy(Distribution.units().resolve(unit), unitDir.resolve(unit), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Distribution.tree().resolve("bin/watchtower"), root.resolve("usr/bin/watchtower"));
        Files.copy(Path.of("/bin/kill"), root.resolve("bin/kill"));
        return root;
    }
}
