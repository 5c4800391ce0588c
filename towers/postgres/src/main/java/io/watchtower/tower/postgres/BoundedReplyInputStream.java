package io.watchtower.tower.postgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A socket's input that refuses to fill a buffer larger than a limit.
 *
 * <p>The driver reads each protocol message into one buffer that it doubles until the message's
 * declared length fits, and hands that whole buffer to this stream's {@code read}. Refusing a
 * buffer over the limit therefore bounds the driver's receive buffer (its largest message) to
 * twice the limit, whatever length a server declares, without reading the protocol.
 */
final class BoundedReplyInputStream extends FilterInputStream {

    private final long limit;
    private final Supplier<Object> server;

    /**
     * @param in the socket's own input
     * @param limit the largest buffer a read may fill, in bytes
     * @param server names the server in the error (read only when a reply is refused)
     */
    BoundedReplyInputStream(InputStream in, long limit, Supplier<Object> server) {
        super(in);
        this.limit = limit;
        this.server = server;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (buffer.length > limit) {
            throw new ReplyTooLargeException(limit, server.get());
        }
        return in.read(buffer, offset, length);
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        return read(buffer, 0, buffer.length);
    }
}
