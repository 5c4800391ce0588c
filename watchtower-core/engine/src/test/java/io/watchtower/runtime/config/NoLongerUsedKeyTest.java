package io.watchtower.runtime.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code escalation.tick} no longer does anything (escalation runs at its deadlines, not on a
 * poll): a file that sets it still loads, whatever its value, with a warning naming where; one that
 * does not, none.
 */
class NoLongerUsedKeyTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(ConfigLoader.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(ConfigLoader.class)).detachAppender(log);
    }

    private static DaemonConfig load(String body) {
        return new ConfigLoader(Map.of()).validate(ConfigFactory.parseString("watchtower {\n" + body + "\n}"),
                Path.of("t.conf"));
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aFileThatSetsEscalationTickLoadsWithAWarningNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.conf");
        Files.writeString(file, "watchtower {\n  host = h\n  escalation {\n    group-wait = 5s\n    tick = 10ms\n  }\n}\n");
        assertThat(new ConfigLoader(Map.of()).load(file).escalation().groupWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(warnings()).singleElement().isEqualTo("watchtower.escalation.tick at " + file + ":5: it is no"
                + " longer used: escalation runs when a signal arrives and when its next deadline falls due; remove it");
    }

    @Test
    void aFileWithoutItLoadsWithoutWarning() {
        load("host = h\nescalation.group-wait = 5s");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void itsValueIsNotReadSoAnyValueLoadsWithTheWarning() {
        load("host = h\nescalation.tick = often");
        assertThat(warnings()).singleElement().asString().startsWith("watchtower.escalation.tick at ")
                .endsWith("it is no longer used: escalation runs when a signal arrives and when its next deadline"
                        + " falls due; remove it");
    }
}
