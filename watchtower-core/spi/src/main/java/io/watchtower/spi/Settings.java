package io.watchtower.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a tower's settings. Keys are paths relative to the tower's block, for
 * example {@code "targets"} or {@code "tls.verify"}.
 *
 * <p>Every accessor fails with a {@link SettingsException} naming the key, the file and line, and
 * what was expected. The core records which keys a tower read while it was created; any other key
 * in the block is rejected as unknown.
 */
public interface Settings {

    /**
     * @param key a path
     * @return whether the key is set (to anything but null)
     */
    boolean has(String key);

    /**
     * @param key a path that must be set
     * @return its string value
     * @throws SettingsException when missing or not a string
     */
    String string(String key);

    /**
     * @param key a path
     * @return its string value, or empty when not set
     */
    Optional<String> optionalString(String key);

    /**
     * @param key a path that must be set
     * @return its integer value
     */
    int integer(String key);

    /**
     * @param key a path
     * @param fallback used when not set
     * @return its integer value, or {@code fallback}
     */
    int integer(String key, int fallback);

    /**
     * @param key a path that must be set
     * @return its numeric value
     */
    double number(String key);

    /**
     * @param key a path
     * @param fallback used when not set
     * @return its numeric value, or {@code fallback}
     */
    double number(String key, double fallback);

    /**
     * @param key a path
     * @param fallback used when not set
     * @return its boolean value, or {@code fallback}
     */
    boolean bool(String key, boolean fallback);

    /**
     * @param key a path that must be set, in HOCON duration syntax ({@code 15s}, {@code 500ms})
     * @return its value
     */
    Duration duration(String key);

    /**
     * @param key a path
     * @param fallback used when not set
     * @return its value, or {@code fallback}
     */
    Duration duration(String key, Duration fallback);

    /**
     * @param key a path that must be set to a list of strings
     * @return its values
     */
    List<String> stringList(String key);

    /**
     * @param key a path set to a list of objects, for example {@code servers = [ {...}, {...} ]}
     * @return a view of each element; empty when not set
     */
    List<Settings> objectList(String key);

    /**
     * A secret, read from the first of: {@code key} itself, the file named by {@code key-file}
     * (a relative path is resolved against {@code $CREDENTIALS_DIRECTORY} when set), or the
     * environment variable named by {@code key-env}. Declare {@code key} in
     * {@link TowerFactory#sensitiveKeys()}.
     *
     * @param key the secret's key, for example {@code "password"}
     * @return the secret, or empty when none of the three is set
     */
    Optional<String> secret(String key);

    /**
     * An error about one key, naming the file and line it was set on.
     *
     * @param key the offending path
     * @param expected what was expected, for example {@code "a host:port pair"}
     * @return an exception to throw
     */
    SettingsException invalid(String key, String expected);
}
