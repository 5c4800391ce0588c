package io.watchtower.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/watchtower's class-data sharing archive: the first run records it as the daemon stops, the
 * next run maps it, and a change to the installed jars makes the next run record it again.
 */
class ClassDataSharingIT {

    @TempDir
    Path dir;

    @Test
    void theFirstRunRecordsTheArchiveLaterRunsMapItAndNewJarsRenewIt() throws Exception {
        Path home = Distribution.overlay(dir.resolve("home"));
        Path archive = dir.resolve("state/cds/watchtower.jsa");
        int port = DaemonUnderTest.freePort();
        Path config = DaemonUnderTest.selfWatchingConfig(dir, port);
        List<String> run = List.of(home.resolve("bin/watchtower").toString(), "run", "-c", config.toString());
        Map<String, String> env = Map.of("WATCHTOWER_CDS_ARCHIVE", archive.toString());

        assertThat(mapsArchiveWhileRunning(run, env, port, archive, "first")).as("nothing to map yet").isFalse();
        assertThat(archive).as("recorded as the daemon stopped").isNotEmptyFile();
        assertThat(Path.of(archive + ".stamp")).isNotEmptyFile();
        FileTime recorded = Files.getLastModifiedTime(archive);

        assertThat(mapsArchiveWhileRunning(run, env, port, archive, "second")).as("the archive is mapped").isTrue();
        assertThat(Files.getLastModifiedTime(archive)).as("a valid archive is not recorded again").isEqualTo(recorded);

        // an operator drops a new tower jar in: the archive no longer describes the installation
        Path extra = Files.createDirectories(home.resolve("towers/extra")).resolve("extra.jar");
        try (OutputStream out = Files.newOutputStream(extra); JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
            jar.flush();
        }
        assertThat(mapsArchiveWhileRunning(run, env, port, archive, "third")).as("a stale archive is not used").isFalse();
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(archive)).as("recorded again").isNotEqualTo(recorded);
        assertThat(mapsArchiveWhileRunning(run, env, port, archive, "fourth")).isTrue();
    }

    @Test
    void anExtractedTarballRecordsItsArchiveInItsOwnCdsFolder() throws Exception {
        Command.run(Duration.ofSeconds(60), "tar", "-xzf", Distribution.tarball().toString(), "-C", dir.toString()).ok();
        Path home = dir.resolve("watchtower-" + Distribution.version());
        Path archive = home.resolve("cds/watchtower.jsa");
        int port = DaemonUnderTest.freePort();
        Path config = DaemonUnderTest.selfWatchingConfig(dir, port);
        List<String> run = List.of(home.resolve("bin/watchtower").toString(), "run", "-c", config.toString());

        assertThat(mapsArchiveWhileRunning(run, Map.of(), port, archive, "tarball-first")).isFalse();
        assertThat(archive).as("recorded in the tarball's cds/ as the daemon stopped").isNotEmptyFile();
        assertThat(mapsArchiveWhileRunning(run, Map.of(), port, archive, "tarball-second"))
                .as("the second start maps it").isTrue();
    }

    /** Runs the daemon until ready, reads its memory map, stops it; returns whether the archive was mapped. */
    private boolean mapsArchiveWhileRunning(List<String> run, Map<String, String> env, int port, Path archive,
                                            String which) throws Exception {
        try (DaemonUnderTest daemon = DaemonUnderTest.start(run, env, port, dir.resolve(which + ".log"))) {
            daemon.awaitReady(Duration.ofSeconds(60));
            boolean mapped = Files.readString(Path.of("/proc/" + daemon.pid() + "/maps")).contains(archive.toString());
            assertThat(daemon.terminate(Duration.ofSeconds(60))).as(daemon.log()).isZero();
            assertThat(daemon.log()).as("the JVM's archiving chatter stays off the daemon's output")
                    .doesNotContain("[cds]", "[warning]");
            return mapped;
        }
    }
}
