package io.watchtower.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunArgumentsTest {

    @Test
    void theUnitsCommandLinesAreReadWithoutTheCommandLineLibrary() {
        assertEquals(Optional.of(new RunArguments(Path.of("/etc/watchtower/db.conf"), null)),
                RunArguments.parse("run", "-c", "/etc/watchtower/db.conf"));
        assertEquals(Optional.of(new RunArguments(Path.of("/etc/watchtower/watchtower.conf"),
                        Path.of("/etc/watchtower/conf.d"))),
                RunArguments.parse("run", "-c", "/etc/watchtower/watchtower.conf", "--conf-dir", "/etc/watchtower/conf.d"));
        assertEquals(Optional.of(new RunArguments(Path.of("a.conf"), Path.of("d"))),
                RunArguments.parse("run", "--conf-dir=d", "--config=a.conf"));
        assertEquals(Optional.of(new RunArguments(Path.of("a.conf"), null)), RunArguments.parse("run", "--config", "a.conf"));
        assertEquals(Optional.of(new RunArguments(null, null)), RunArguments.parse("run"));
    }

    @Test
    void anythingElseIsLeftToTheFullCommandLine() {
        String[][] others = {
            {}, {"check", "-c", "a.conf"}, {"run", "--help"}, {"run", "-h"}, {"run", "-V"}, {"run", "-c"},
            {"run", "-c", "a.conf", "-c", "b.conf"}, {"run", "--conf-dir", "d", "--conf-dir=e"}, {"run", "-c", "-x"},
            {"run", "--config="}, {"run", "-ca.conf"}, {"run", "--unknown"}, {"run", "a.conf"}, {"run", "-c", "a\0b"},
            {"RUN", "-c", "a.conf"},
        };
        for (String[] args : others) {
            assertTrue(RunArguments.parse(args).isEmpty(), String.join(" ", args));
        }
    }

    @Test
    void helpAndMistakesAreAnsweredByTheFullCommandLineAsBefore() {
        assertEquals(0, Main.execute("run", "--help"));
        assertEquals(2, Main.execute("run", "--no-such-option"));
        assertEquals(2, Main.execute("run", "-c"));
    }
}
