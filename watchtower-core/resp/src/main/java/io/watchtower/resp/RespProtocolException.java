package io.watchtower.resp;

import java.io.IOException;

/** The peer sent bytes that are not a RESP2 reply within the bounds; the connection is closed. */
public final class RespProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    RespProtocolException(String message) {
        super(message);
    }
}
