package io.watchtower.spi;

import java.util.List;
import java.util.Set;

/**
 * A tower type. Found by {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.watchtower.spi.TowerFactory}.
 *
 * <p>Ship a {@code sample.conf} and {@code README.md} under {@code META-INF/watchtower/} in the jar;
 * {@code watchtower sample-config TYPE} prints the former.
 */
public interface TowerFactory {

    /**
     * The type name: the {@code type} key in a tower's configuration and the tower's folder name,
     * for example {@code "network-path"}. Lower case letters, digits and dashes.
     *
     * @return the type name
     */
    String type();

    /**
     * A one-line description shown by {@code watchtower towers}.
     *
     * @return what this tower watches
     */
    String description();

    /**
     * Every check this tower reports, declared up front. A tower may only report checks it declares.
     *
     * @return the declared checks
     */
    List<Check> checks();

    /**
     * Creates a tower for one configured instance.
     *
     * <p>Read <em>every</em> setting here, not later: once this returns, the core rejects any
     * setting the tower did not read as an unknown key. Invalid values must fail through
     * {@link Settings} accessors or {@link Settings#invalid(String, String)}, so the message names
     * the key, the file and line, and what was expected. Do not open connections here; the first
     * {@link Tower#observe(Observations)} does.
     *
     * @param context the instance's identity, settings, clock and logger
     * @return a tower ready to observe
     * @throws SettingsException when the settings are invalid
     */
    Tower create(TowerContext context);

    /**
     * Setting keys whose values are secret. Their values are redacted in dumps and logs.
     *
     * @return keys relative to the tower's settings, for example {@code "password"}
     */
    default Set<String> sensitiveKeys() {
        return Set.of();
    }

    /**
     * The SPI version this tower was compiled against. Implement it as
     * {@code return SpiVersion.CURRENT;}: the constant is compiled into the tower, so the daemon
     * can refuse a tower built against an incompatible SPI.
     *
     * @return {@link SpiVersion#CURRENT} as seen by the tower's compiler
     */
    int spiVersion();
}
