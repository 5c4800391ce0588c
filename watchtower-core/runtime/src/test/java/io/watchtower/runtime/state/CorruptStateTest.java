package io.watchtower.runtime.state;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Severity;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupt state never stops a start: a real daemon starts over each kind of damaged state file,
 * the file is quarantined next to where it was (logged with path and offset), and a firing
 * {@code watchtower/state} signal names it and where it went.
 */
class CorruptStateTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(Quarantine.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(Quarantine.class)).detachAppender(log);
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Daemon start() throws Exception {
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + state() + "\"\n"
                + " api.listen = \"127.0.0.1:0\"\n channels = []\n towers {}\n}\n");
        return Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(), TowerClock.system(), Map.of());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "escalation.json|{\"offset\":12,\"escalator\":{\"groups\":[{\"comp",
            "silences.json|garbage, not JSON at all",
            "registry/towers.json|[{\"host\":\"h\",\"id\":\"app\",\"type\":",
            "registry/baselines.json|{\"not\":\"a list\"}"})
    void aDamagedFileIsQuarantinedAndTheDaemonStartsWithoutIt(String name, String content) throws Exception {
        Path file = state().resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);

        try (Daemon daemon = start()) {
            Signal signal = stateSignal(daemon, file);
            Path movedTo = Path.of(signal.context().get("moved_to"));
            assertThat(movedTo.getParent()).isEqualTo(file.getParent());
            assertThat(movedTo.getFileName().toString()).startsWith(file.getFileName() + ".corrupt-");
            assertThat(Files.readString(movedTo)).isEqualTo(content);
            assertThat(signal.context()).containsKey("offset");
            assertThat(logged()).anyMatch(l -> l.contains(file.toString()) && l.contains("at byte "
                    + signal.context().get("offset")) && l.contains(movedTo.toString()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"escalation.json", "silences.json", "registry/towers.json", "journal/signals.jsonl",
            "baselines.snap"})
    void aDirectoryWhereAFileBelongsIsQuarantined(String name) throws Exception {
        Path file = state().resolve(name);
        Files.createDirectories(file);
        Files.writeString(file.resolve("inside"), "x");

        try (Daemon daemon = start()) {
            Signal signal = stateSignal(daemon, file);
            Path movedTo = Path.of(signal.context().get("moved_to"));
            assertThat(Files.readString(movedTo.resolve("inside"))).isEqualTo("x");
            assertThat(signal.context().get("reason")).startsWith("a directory where");
        }
        assertThat(Files.isDirectory(file)).as("the daemon made a file of it again or left it").isFalse();
    }

    @Test
    void aGarbageLineInTheMiddleOfTheJournalIsCopiedAsideAndSkipped() throws Exception {
        Path journal = state().resolve("journal/signals.jsonl");
        Files.createDirectories(journal.getParent());
        Instant now = Instant.now();
        String first = SignalJson.write(Signals.firing("db", "lag", "high", 0.9, now, now));
        String garbage = "{\"schema\":\"watchtower.signal/v1\",\u0000\u0000 torn by a bad disk";
        String third = SignalJson.write(Signals.firing("cache", "hits", "low", 0.9, now, now));
        Files.writeString(journal, first + "\n" + garbage + "\n" + third + "\n", StandardCharsets.UTF_8);
        long garbageAt = first.getBytes(StandardCharsets.UTF_8).length + 1;

        try (Daemon daemon = start()) {
            Signal signal = stateSignal(daemon, journal);
            assertThat(signal.context().get("offset")).isEqualTo(Long.toString(garbageAt));
            Path movedTo = Path.of(signal.context().get("moved_to"));
            assertThat(Files.readString(movedTo, StandardCharsets.UTF_8)).isEqualTo(garbage + "\n");
            assertThat(daemon.journal().readAll(line -> { }))
                    .extracting(Signal::component).contains("db", "cache");
            assertThat(logged()).anyMatch(l -> l.contains(journal.toString()) && l.contains("at byte " + garbageAt));
        }
    }

    @Test
    void aCleanStateDirRaisesNothing() throws Exception {
        try (Daemon daemon = start()) {
            assertThat(daemon.journal().readAll()).noneMatch(s -> s.check().equals(SignalComposer.STATE_CHECK));
        }
        try (Stream<Path> files = Files.walk(state())) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().contains(".corrupt-"));
        }
    }

    private Signal stateSignal(Daemon daemon, Path file) {
        List<Signal> signals = daemon.journal().readAll(line -> { }).stream()
                .filter(s -> s.check().equals(SignalComposer.STATE_CHECK) && s.target().equals(file.toString())).toList();
        assertThat(signals).as("watchtower/state signals for " + file + "; log: " + logged()).hasSize(1);
        Signal signal = signals.get(0);
        WireSchema.assertValid(SignalJson.write(signal));
        assertThat(signal.component()).isEqualTo("watchtower");
        assertThat(signal.kind()).isEqualTo(SignalKind.BLIND_SPOT);
        assertThat(signal.state()).isEqualTo(SignalState.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.summary()).contains(file.toString()).contains(signal.context().get("moved_to"));
        return signal;
    }

    private List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

}
