package io.watchtower.runtime.escalation;

import java.util.Optional;

/**
 * What the other hosts of the fleet see of a component, so a notification can say "seen from 3 of
 * 3 hosts" or "only from web-2". Backed by the registry when there is one; {@link #SINGLE_HOST}
 * otherwise.
 */
@FunctionalInterface
public interface FleetView {

    /** A single host: no fleet picture. */
    FleetView SINGLE_HOST = (component, check) -> Optional.empty();

    /**
     * @param component the component
     * @param check the check
     * @return the hosts watching it and those on which it fires now, or empty when unknown
     */
    Optional<Picture> picture(String component, String check);

    /**
     * The fleet's view of one check of one component.
     *
     * @param watching hosts whose towers watch it
     * @param firing hosts on which it fires now
     */
    record Picture(java.util.List<String> watching, java.util.List<String> firing) {
    }
}
