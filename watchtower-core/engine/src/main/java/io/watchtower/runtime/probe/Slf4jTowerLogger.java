package io.watchtower.runtime.probe;

import io.watchtower.spi.TowerLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A tower's log, written through the daemon's logging with the tower id in every line. */
final class Slf4jTowerLogger implements TowerLogger {

    private final String tower;
    private final Logger log;

    Slf4jTowerLogger(String tower, String type) {
        this.tower = tower;
        this.log = LoggerFactory.getLogger("io.watchtower.tower." + type);
    }

    private void with(Runnable r) {
        String previous = MDC.get("tower");
        MDC.put("tower", tower);
        try {
            r.run();
        } finally {
            if (previous == null) {
                MDC.remove("tower");
            } else {
                MDC.put("tower", previous);
            }
        }
    }

    @Override
    public void debug(String message) {
        with(() -> log.debug(message));
    }

    @Override
    public void info(String message) {
        with(() -> log.info(message));
    }

    @Override
    public void warn(String message) {
        with(() -> log.warn(message));
    }

    @Override
    public void warn(String message, Throwable cause) {
        with(() -> log.warn(message, cause));
    }
}
