package io.watchtower.launcher;

import ch.qos.logback.classic.LoggerContext;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.HeapExhaustionGuard;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code watchtower run [-c FILE]}: the daemon. SIGTERM and SIGINT stop it cleanly; SIGHUP
 * reloads the configuration (an invalid one is reported and the running one kept). A process that
 * inherited SIGHUP ignored (as under nohup) cannot catch it, and says so in a warning at start.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon (without -c: an embedded default watching this daemon's own listener).")
final class RunCommand implements Callable<Integer> {


    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the configuration file")
    Path config;

    @Option(names = "--conf-dir", paramLabel = "DIR",
            description = "also read DIR/*.conf in name order, each laid over FILE (needs -c)")
    Path confDir;

    private final TowerClock clock;

    RunCommand() {
        this(TowerClock.system());
    }

    /** @param clock the daemon's clock (the system's, except in tests that step the wall clock) */
    RunCommand(TowerClock clock) {
        this.clock = clock;
    }

    /**
     * The command with its arguments already read ({@link RunArguments}), run without the
     * command-line library.
     *
     * @param arguments the configuration file and drop-in folder
     * @param clock the daemon's clock
     */
    RunCommand(RunArguments arguments, TowerClock clock) {
        this(clock);
        this.config = arguments.config();
        this.confDir = arguments.confDir();
    }

    /**
     * Runs the daemon as the command line would: a failure that escapes it is printed with its stack
     * on standard error and exits 1.
     *
     * @return the exit code
     */
    int execute() {
        try {
            return call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    @Override
    public Integer call() throws Exception {
        LogSetup logs = LogSetup.begin();
        ConfigLoader loader = new ConfigLoader(System.getenv());
        ConfigReading reading = config != null && confDir != null
                ? ConfigDropIns.read(loader, config, confDir) : Installation.read(loader, config);
        logs.await();
        Startup.Run startup = Startup.prepare(reading, clock, System.getenv());
        if (!startup.prepared().problems().isEmpty()) {
            // EX_CONFIG: the service manager stops instead of restarting into the same problems
            startup.prepared().problems().forEach(System.err::println);
            return Main.EXIT_CONFIG;
        }
        DaemonConfig daemonConfig = startup.config();
        tagLogs(daemonConfig.host());
        TowerCatalog catalog = startup.catalog();
        catalog.refusals().forEach(r -> log().warn(r));
        // a heap that stays full after collection ends the process (exit 71) for the service manager to
        // restart; one allocation a peer's bytes made impossible stays that tower's failed probe
        Optional<HeapExhaustionGuard> heapGuard = HeapExhaustionGuard.install();
        Daemon daemon;
        try {
            daemon = Daemon.start(startup.prepared(), catalog, clock, System.getenv());
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> System.err.println(p));
            return Main.EXIT_CONFIG;
        } catch (IOException | UncheckedIOException e) {
            String where = daemonConfig.settings().hasPath("state-dir")
                    ? ConfigProblem.describe(daemonConfig.settings().getValue("state-dir").origin())
                    : String.valueOf(daemonConfig.source());
            System.err.println(new ConfigProblem(where, "watchtower.state-dir", "cannot use " + daemonConfig.stateDir()
                    + ": " + e.getMessage()));
            return Main.EXIT_CONFIG;
        }
        ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv());
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and SIGINT: a clean stop and exit 0; any other JVM exit still closes the daemon.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> reload(daemon, loader, notifier));
        if (previous == SignalHandler.SIG_IGN) {
            // an ignored SIGHUP is inherited (nohup, some supervisors), and the JVM then leaves it ignored
            log().warn("SIGHUP is ignored in this process (started under nohup?): reloading the configuration with "
                    + "SIGHUP will not work; restart the daemon to apply changes, or start it without nohup");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
        // Daemon.start has scheduled every tower: ready, and the watchdog asks the scheduler whether it runs.
        notifier.ready(status(daemon));
        notifier.startWatchdog(daemon.scheduler()::unansweredFor);
        stop.await();
        notifier.stopping();
        daemon.close();
        notifier.close();
        heapGuard.ifPresent(HeapExhaustionGuard::close);
        return 0;
    }

    /** Not held in a field: the class is loaded before logging is set up (see {@link LogSetup}). */
    private static Logger log() {
        return LoggerFactory.getLogger(RunCommand.class);
    }

    private DaemonConfig load(ConfigLoader loader) {
        return config != null && confDir != null ? ConfigDropIns.load(loader, config, confDir)
                : Installation.load(loader, config);
    }

    private static String status(Daemon daemon) {
        return "watching with " + daemon.scheduler().scheduled().size() + " tower(s)";
    }

    private void reload(Daemon daemon, ConfigLoader loader, ServiceNotifier notifier) {
        log().info("SIGHUP: reloading {}", config == null ? "the embedded default" : config);
        notifier.reloading();
        try {
            daemon.reload(load(loader));
        } catch (InvalidConfigException e) {
            log().error("configuration not reloaded, the running one is kept:\n{}", e.getMessage());
        } catch (RuntimeException e) {
            log().error("configuration reload failed; the running one is kept", e);
        }
        notifier.ready(status(daemon));
    }

    private static void tagLogs(String host) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).putProperty("host", host);
        }
    }
}
