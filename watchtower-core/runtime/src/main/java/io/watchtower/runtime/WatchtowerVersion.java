package io.watchtower.runtime;

/** The daemon's version, from the runtime jar's manifest. */
public final class WatchtowerVersion {

    private WatchtowerVersion() {
    }

    /** @return the version, or {@code "dev"} when run from classes outside a jar */
    public static String get() {
        String version = WatchtowerVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
