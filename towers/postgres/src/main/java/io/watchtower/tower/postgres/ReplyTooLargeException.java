package io.watchtower.tower.postgres;

import java.io.IOException;

/**
 * A server's reply would need a receive buffer larger than the tower allows ({@code max-reply-bytes}):
 * the session is abandoned instead of growing the driver's buffer without bound.
 */
final class ReplyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ReplyTooLargeException(long limit, Object server) {
        super("reply larger than " + limit + " bytes (max-reply-bytes) from " + server);
    }
}
