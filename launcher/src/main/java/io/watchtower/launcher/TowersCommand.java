package io.watchtower.launcher;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.plugin.TowerType;
import io.watchtower.spi.Check;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code watchtower towers [-c FILE | --towers-dir DIR]}: the installed tower types and their checks. */
@Command(name = "towers", mixinStandardHelpOptions = true, description = "List installed tower types and their checks.")
final class TowersCommand implements Callable<Integer> {

    @Mixin
    TowerSource source = new TowerSource();

    @Override
    public Integer call() {
        TowerCatalog catalog;
        try {
            catalog = source.catalog();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> System.err.println(p));
            return Main.EXIT_CONFIG;
        }
        for (TowerType type : catalog.all()) {
            System.out.println(type.name() + " — " + type.factory().description());
            System.out.println("  from " + type.source());
            for (Check check : type.factory().checks()) {
                String guardrails = (Double.isNaN(check.guardrailAbove()) ? "" : ", guardrail above " + check.guardrailAbove())
                        + (Double.isNaN(check.guardrailBelow()) ? "" : ", guardrail below " + check.guardrailBelow());
                System.out.printf(Locale.ROOT, "  %-28s %-6s %-13s worse when %-6s %s%s%n", check.name(),
                        check.kind().name().toLowerCase(Locale.ROOT), check.unit().wireName(),
                        check.worseWhen().name().toLowerCase(Locale.ROOT), check.description(), guardrails);
            }
        }
        catalog.refusals().forEach(r -> System.err.println("refused: " + r));
        if (catalog.all().isEmpty()) {
            System.err.println("no tower types installed");
            return 1;
        }
        return 0;
    }
}
