package io.watchtower.spi;

/** How much a check matters when it fires: its declared priority. */
public enum Severity {
    /** Page now: the component is down or about to lose data. */
    CRITICAL,
    /** Page: the component is degraded. */
    HIGH,
    /** Notify: something is unusual and may become a problem. */
    MEDIUM,
    /** Record: informational. */
    LOW;

    /** @return the lower-case wire name, for example {@code "high"} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
