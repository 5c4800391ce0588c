package io.watchtower.runtime.channel;

/** The receiver refused a notification for good (for example HTTP 400): retrying cannot help. */
public final class RejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what the receiver said */
    public RejectedException(String message) {
        super(message);
    }
}
