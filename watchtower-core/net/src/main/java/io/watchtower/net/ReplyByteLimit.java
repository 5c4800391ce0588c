package io.watchtower.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * Bounds what a peer may send in answer to what this side wrote: the bytes read since the last
 * write may not exceed {@link #limit()}. Beyond it the bytes are dropped, the pipeline hears of an
 * {@link ExceededException} (Lettuce fails the pending command with it) and the channel is closed,
 * so a server that declares a 2 GB bulk string and streams it costs at most the limit in buffers,
 * never the heap.
 *
 * <p>Placed first in a pipeline it counts the bytes on the wire (ciphertext under TLS). Not
 * sharable: one instance per channel.
 */
public final class ReplyByteLimit extends ChannelDuplexHandler {

    private final long limit;
    private long sinceLastWrite;
    private boolean exceeded;

    /** @param limit the most bytes the peer may send between two writes of this side */
    public ReplyByteLimit(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** @return the most bytes the peer may send between two writes of this side */
    public long limit() {
        return limit;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        sinceLastWrite = 0; // a new request: its reply has the whole budget
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (exceeded) {
            ReferenceCountUtil.release(msg);
            return;
        }
        sinceLastWrite += size(msg);
        if (sinceLastWrite > limit) {
            exceeded = true;
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new ExceededException(limit, ctx.channel().remoteAddress()));
            ctx.close();
            return;
        }
        super.channelRead(ctx, msg);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        return 0;
    }

    /** The peer sent more than the limit allows; the channel is being closed. */
    public static final class ExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        ExceededException(long limit, Object peer) {
            super(peer + " sent more than " + limit + " bytes in answer to one request; connection closed");
        }
    }
}
