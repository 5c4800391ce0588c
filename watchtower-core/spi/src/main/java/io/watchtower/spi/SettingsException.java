package io.watchtower.spi;

/**
 * A setting is missing or invalid. The message names the key, where it was set (file and line)
 * and what was expected.
 */
public class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String origin;

    /**
     * @param key the full path of the offending key
     * @param origin where it was set, for example {@code "/etc/watchtower/web.conf:12"}
     * @param problem what is wrong and what was expected
     */
    public SettingsException(String key, String origin, String problem) {
        super(origin + ": " + key + ": " + problem);
        this.key = key;
        this.origin = origin;
    }

    /** @return the full path of the offending key */
    public String key() {
        return key;
    }

    /** @return file and line where the key (or its enclosing block) was set */
    public String origin() {
        return origin;
    }
}
