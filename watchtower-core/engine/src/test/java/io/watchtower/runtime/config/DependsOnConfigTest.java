package io.watchtower.runtime.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code depends-on} names components some tower watches, and the dependencies have no cycle. */
class DependsOnConfigTest {

    private static List<ConfigProblem> problems(Path file, String towers) throws Exception {
        Files.writeString(file, "watchtower {\n  towers {\n" + towers + "  }\n}\n");
        InvalidConfigException e = catchThrowableOfType(() -> new ConfigLoader(Map.of()).load(file),
                InvalidConfigException.class);
        assertThat(e).as("the configuration should be refused").isNotNull();
        return e.problems();
    }

    @Test
    void aTwoComponentCycleIsRefusedAtTheDependsOnThatClosesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cycle.conf");
        List<ConfigProblem> problems = problems(file,
                "    a { type = network-path, depends-on = [b] }\n"
                        + "    b { type = network-path, depends-on = [a] }\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo(file + ":4");
            assertThat(p.key()).isEqualTo("watchtower.towers.b.depends-on");
            assertThat(p.message()).startsWith("dependency cycle b -> a -> b")
                    .contains("nothing is paged", "expected dependencies without cycles");
        });
    }

    @Test
    void aLongerCycleThroughComponentsIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cycle3.conf");
        List<ConfigProblem> problems = problems(file,
                "    web { type = network-path, component = checkout, depends-on = orders-db }\n"
                        + "    db { type = network-path, component = orders-db, depends-on = [app-to-db] }\n"
                        + "    path { type = network-path, component = app-to-db, depends-on = [checkout] }\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("watchtower.towers.path.depends-on");
            assertThat(p.origin()).isEqualTo(file + ":5");
            assertThat(p.message()).startsWith("dependency cycle app-to-db -> checkout -> orders-db -> app-to-db");
        });
    }

    @Test
    void anUnknownComponentOrATowerIdIsRefusedNamingWhatIsExpected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unknown.conf");
        List<ConfigProblem> problems = problems(file,
                "    web { type = network-path, component = checkout, depends-on = [orders-bd] }\n"
                        + "    db-primary { type = network-path, component = orders-db }\n"
                        + "    api { type = network-path, depends-on = [db-primary] }\n");
        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                file + ":3: watchtower.towers.web.depends-on: unknown component \"orders-bd\": no tower watches it;"
                        + " expected one of [api, checkout, orders-db]",
                file + ":5: watchtower.towers.api.depends-on: \"db-primary\" is a tower id; depends-on takes"
                        + " components: use its component \"orders-db\"");
    }

    @Test
    void dependenciesOnWatchedComponentsWithoutCyclesAreAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.conf");
        Files.writeString(file, "watchtower {\n  towers {\n"
                + "    web { type = network-path, component = checkout, depends-on = [orders-db, app-to-db] }\n"
                + "    db-primary { type = network-path, component = orders-db, depends-on = app-to-db }\n"
                + "    db-replica { type = network-path, component = orders-db }\n"
                + "    app-to-db { type = network-path }\n"
                + "  }\n}\n");
        DaemonConfig config = new ConfigLoader(Map.of()).load(file);
        assertThat(config.towers().get("web").dependsOn()).containsExactly("orders-db", "app-to-db");
    }
}
