package io.watchtower.runtime.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of one API connection. From the first byte of a request, the client has a fixed
 * time to send all of it — sending one byte a second does not extend it, unlike a read timeout.
 * Between requests, a kept-alive connection may be idle for a while. While a request is being
 * answered neither runs. When a clock runs out, the connection is closed.
 *
 * <p>This handler sits before the codec and sees the bytes; {@link #requestEnd()} sits after it
 * and sees where requests end and answers begin. Both run on the channel's event loop.
 */
final class RequestTimeouts extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTimeouts.class);

    private final long requestNanos;
    private final long idleNanos;
    private boolean reading;
    /** Requests received minus answers sent (an answer can come before its request's end: 413). */
    private int unanswered;
    private Future<?> clock;
    private ChannelHandlerContext ctx;

    RequestTimeouts(Duration requestTime, Duration idleTime) {
        this.requestNanos = requestTime.toNanos();
        this.idleNanos = idleTime.toNanos();
    }

    /** @return the handler that marks, after the codec, where a request ends and its answer is written */
    ChannelDuplexHandler requestEnd() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                if (msg instanceof LastHttpContent) {
                    reading = false;
                    unanswered++;
                    rearm();
                }
                c.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof LastHttpContent) { // a whole response, or the end of a streamed one
                    promise = promise.unvoid();
                    promise.addListener(done -> {
                        unanswered--;
                        rearm();
                    });
                }
                c.write(msg, promise);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        rearm();
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (!reading && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            reading = true;
            rearm();
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        stop();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stop();
    }

    /** Starts the clock that fits the state: the request clock, the idle clock, or none while answering. */
    private void rearm() {
        stop();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (reading) {
            clock = ctx.executor().schedule(() -> expire("did not send a whole request within "
                    + Duration.ofNanos(requestNanos)), requestNanos, TimeUnit.NANOSECONDS);
        } else if (unanswered <= 0) {
            clock = ctx.executor().schedule(() -> expire("idle for " + Duration.ofNanos(idleNanos)),
                    idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void expire(String why) {
        clock = null;
        LOG.debug("API connection {} closed: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
