package io.watchtower.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * The daemon's logging, set up in code: JSON lines on standard error with timestamp, level,
 * logger, host, the MDC (tower, series, signal id where known), message and stack. Standard output
 * carries the console channel's signal lines. Doing this in code rather than in {@code logback.xml}
 * spares every start an XML parser and Logback's configuration model (about 400 classes).
 *
 * <p>{@code WATCHTOWER_LOG_LEVEL} sets the root level (default INFO). A configuration of one's own
 * still works: with {@code -Dlogback.configurationFile=...} (or a {@code logback-test.xml} on the
 * class path) this configurator steps aside and Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** Creates the configurator; Logback finds it through {@code ServiceLoader}. */
    public LogConfiguration() {
        // no state until configure()
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonLogLineEncoder encoder = new JsonLogLineEncoder();
        encoder.setContext(context);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("JSON");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(levelFromEnvironment(), Level.INFO));
        root.addAppender(appender);
        for (String chatty : new String[] {"io.netty", "com.zaxxer.hikari", "io.lettuce"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String levelFromEnvironment() {
        String level = System.getenv("WATCHTOWER_LOG_LEVEL");
        return level == null || level.isBlank() ? "INFO" : level.strip().toUpperCase(Locale.ROOT);
    }
}
