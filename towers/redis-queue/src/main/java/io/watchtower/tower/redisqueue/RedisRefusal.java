package io.watchtower.tower.redisqueue;

/**
 * The server answered a command with an error ({@code WRONGPASS}, {@code NOPERM}, {@code WRONGTYPE},
 * {@code NOGROUP}...): it is up, and the tower cannot see what it asked for.
 */
final class RedisRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the server's error line, for example {@code "NOPERM this user has no permissions ..."} */
    RedisRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
