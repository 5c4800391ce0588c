package io.watchtower.runtime.probe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects log lines while a probe runs: what one tower type logs (its
 * {@code io.watchtower.tower.TYPE} logger, from debug up, instead of writing it out) for
 * {@code watchtower probe}, or everything logged at the levels in force, for tests that look for
 * secrets in logs. Restores the logger on close.
 */
public final class TowerLogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final Collector collector = new Collector();

    private TowerLogCapture(Logger logger, boolean exclusive) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        this.previousAdditive = logger.isAdditive();
        collector.setContext(logger.getLoggerContext());
        collector.setName("probe-capture");
        collector.start();
        logger.addAppender(collector);
        if (exclusive) {
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
        }
    }

    /**
     * Collects a tower type's log from debug up, instead of writing it out.
     *
     * @param type the tower type whose log to collect
     * @return the capture, or null when the logging in use is not Logback (nothing is captured)
     */
    public static TowerLogCapture ofTowerType(String type) {
        org.slf4j.Logger log = LoggerFactory.getLogger("io.watchtower.tower." + type);
        return log instanceof Logger ? new TowerLogCapture((Logger) log, true) : null;
    }

    /**
     * Collects, besides writing them out as usual, every line logged at the levels in force.
     *
     * @return the capture, or null when the logging in use is not Logback
     */
    public static TowerLogCapture everything() {
        org.slf4j.Logger log = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        return log instanceof Logger ? new TowerLogCapture((Logger) log, false) : null;
    }

    /** @return the lines logged so far: level, message and, for a line with a cause, the causes */
    public List<String> lines() {
        synchronized (collector.lines) {
            return List.copyOf(collector.lines);
        }
    }

    /** Stops collecting and restores the logger's level and additivity. */
    @Override
    public void close() {
        logger.detachAppender(collector);
        collector.stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }

    private static final class Collector extends AppenderBase<ILoggingEvent> {
        private static final int MAX_LINES = 1000;
        final List<String> lines = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(String.format("%-5s %s", event.getLevel(), event.getFormattedMessage()));
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                line.append(" (").append(cause.getClassName());
                if (cause.getMessage() != null) {
                    line.append(": ").append(cause.getMessage());
                }
                line.append(')');
            }
            synchronized (lines) {
                if (lines.size() < MAX_LINES) {
                    lines.add(line.toString());
                }
            }
        }
    }
}
