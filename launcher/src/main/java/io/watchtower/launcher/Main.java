package io.watchtower.launcher;

import io.watchtower.runtime.WatchtowerVersion;
import io.watchtower.spi.TowerClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Optional;

/** The {@code watchtower} command. */
@Command(name = "watchtower", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Watches infrastructure components from outside and emits anomaly signals with context.",
        subcommands = {RunCommand.class, CheckCommand.class, ProbeCommand.class, TowersCommand.class, SampleConfigCommand.class, QueryCommand.class,
                ReplayCommand.class, SilenceCommand.class, FeedbackCommand.class})
public final class Main implements Runnable {

    /** Exit code of a bad configuration (EX_CONFIG): the service manager does not restart on it. */
    public static final int EXIT_CONFIG = 78;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command without exiting the JVM.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        // the daemon's start: `run` as the units call it needs none of the command-line library
        Optional<RunArguments> run = RunArguments.parse(args);
        if (run.isPresent()) {
            return new RunCommand(run.get(), TowerClock.system()).execute();
        }
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints the version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"watchtower " + WatchtowerVersion.get()};
        }
    }
}
