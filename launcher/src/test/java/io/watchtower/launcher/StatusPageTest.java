package io.watchtower.launcher;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.watchtower.launcher.RegistryFixtures.config;
import static io.watchtower.launcher.RegistryFixtures.pathTower;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page rendered by the daemon, loaded in real headless Chromium: towers and their
 * state, the firing series first with its summary, and series drawn against their band (the
 * layout at desktop and phone size is {@code StatusPageLayoutTest}'s). The screenshot
 * is kept in target/status-page.png.
 */
class StatusPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void headlessChromiumRendersTowersFiringSignalsAndBands(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("headless Chromium is needed at " + CHROMIUM
                    + ": apt-get install chromium (or run .ci/install-test-deps.sh)");
        }
        int apiPort = Ports.free();
        try (Listener up = new Listener(0)) {
            Path path = dir.resolve("page.conf");
            Files.writeString(path, config(dir, "page-host", apiPort, "",
                    pathTower("db-path", "orders-db", up.port()) + "\n" + pathTower("cache-path", "sessions-cache", Ports.free())));
            DaemonConfig config = new ConfigLoader(System.getenv()).load(path);
            Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
            Path journal = config.stateDir().resolve("journal").resolve("signals.jsonl");
            try {
                await(() -> firing(journal).size() > 0 && daemon.tracker().views().stream()
                        .filter(v -> v.key().check().equals("connect_time")).mapToLong(SeriesView::samples).max().orElse(0) >= 6);
                Thread.sleep(600); // one more status sample of the latest probe
                String url = "http://127.0.0.1:" + apiPort + "/";
                String dom = chromium(dir, "--dump-dom", url);
                Signal fired = firing(journal).get(0);
                assertThat(dom).contains("Watchtower on page-host", "<table id=\"towers\"", "db-path", "cache-path",
                        "orders-db", "sessions-cache", "class=\"alive\"");
                assertThat(dom).as("the firing series first, with its summary")
                        .contains("<article class=\"card firing\"", esc(fired.summary()));
                assertThat(dom.indexOf("<article class=\"card firing\"")).as("before the healthy series")
                        .isLessThan(dom.indexOf("<section id=\"healthy\">"));
                assertThat(dom).as("an unreachable target as a timeline of reachable and unreachable, not a plot of 0 and 1")
                        .contains("data-state=\"unreachable\"", "unreachable at the last probe");
                assertThat(dom).as("series drawn against their band").contains("<polyline class=\"values\"",
                        "<polygon class=\"band\"");
                assertThat(dom).doesNotContain("<script");

                Path png = Path.of("target", "status-page.png").toAbsolutePath();
                Files.deleteIfExists(png);
                chromium(dir, "--screenshot=" + png, "--window-size=1400,900", "--hide-scrollbars", url);
                assertThat(png).exists();
                assertThat(Files.size(png)).as("a real picture, not an empty page").isGreaterThan(20_000);
            } finally {
                daemon.close();
            }
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String chromium(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static List<Signal> firing(Path journal) {
        try {
            if (!Files.exists(journal)) {
                return List.of();
            }
            return Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(SignalJson::read)
                    .filter(Signal::firing).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not fire and learn within 40 s");
            }
            Thread.sleep(200);
        }
    }
}
