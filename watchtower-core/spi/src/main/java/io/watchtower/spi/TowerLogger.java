package io.watchtower.spi;

/**
 * A tower's log. The core writes each line as JSON with the host and tower id; never log secrets.
 */
public interface TowerLogger {

    /** @param message a line for troubleshooting */
    void debug(String message);

    /** @param message a notable event */
    void info(String message);

    /** @param message something wrong that the tower works around */
    void warn(String message);

    /**
     * @param message something wrong
     * @param cause what caused it
     */
    void warn(String message, Throwable cause);
}
