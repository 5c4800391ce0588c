package io.watchtower.runtime.registry;

/** The fleet registry cannot be reached or refused a write; publications stay queued. */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed @param cause why */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
