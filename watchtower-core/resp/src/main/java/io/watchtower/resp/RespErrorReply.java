package io.watchtower.resp;

/**
 * The server answered a command with an error reply ({@code -ERR ...}, {@code -NOPERM ...},
 * {@code -WRONGTYPE ...}). The connection stays usable.
 */
public final class RespErrorReply extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the error line as the server sent it, without the leading {@code -} */
    public RespErrorReply(String message) {
        super(message);
    }

    /** @return the error's first word: {@code ERR}, {@code NOPERM}, {@code WRONGTYPE}, ... */
    public String code() {
        String m = getMessage();
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }
}
