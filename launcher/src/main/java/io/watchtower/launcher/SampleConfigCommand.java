package io.watchtower.launcher;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.plugin.TowerType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code watchtower sample-config TYPE [-c FILE | --towers-dir DIR]}: prints a tower type's sample configuration. */
@Command(name = "sample-config", mixinStandardHelpOptions = true,
        description = "Print the sample configuration of a tower type.")
final class SampleConfigCommand implements Callable<Integer> {

    @Mixin
    TowerSource source = new TowerSource();

    @Parameters(paramLabel = "TYPE", description = "a tower type, see `watchtower towers`")
    String type;

    @Override
    public Integer call() {
        TowerCatalog catalog;
        try {
            catalog = source.catalog();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> System.err.println(p));
            return Main.EXIT_CONFIG;
        }
        Optional<TowerType> found = catalog.find(type);
        if (found.isEmpty()) {
            System.err.println("unknown tower type \"" + type + "\"; installed: "
                    + catalog.all().stream().map(TowerType::name).collect(Collectors.joining(", ")));
            return 2;
        }
        Optional<String> sample = found.get().sampleConfig();
        if (sample.isEmpty()) {
            System.err.println("tower type " + type + " ships no sample configuration");
            return 1;
        }
        System.out.print(sample.get());
        return 0;
    }
}
