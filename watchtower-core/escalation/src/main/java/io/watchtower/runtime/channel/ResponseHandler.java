package io.watchtower.runtime.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the answer to one {@link HttpPost}: its status and the first few hundred bytes of its body
 * (for the error message); the rest of the body is not kept. Completes when the answer ends, fails
 * when the connection does first.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {

    /**
     * @param status the HTTP status
     * @param body the start of the body
     * @param truncated whether the body was longer than what was kept
     */
    record Answer(int status, String body, boolean truncated) {
    }

    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private final int keep;
    private final StringBuilder body = new StringBuilder();
    private int status;
    private boolean truncated;

    /** @param keep how many bytes of the body to keep */
    ResponseHandler(int keep) {
        this.keep = keep;
    }

    /** @return the answer, or the failure that ended the exchange */
    CompletableFuture<Answer> result() {
        return result;
    }

    /** @param cause why the exchange ended without an answer */
    void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                fail(new IOException("malformed HTTP answer: " + response.decoderResult().cause().getMessage()));
                ctx.close();
                return;
            }
            status = response.status().code();
        }
        if (msg instanceof HttpContent content) {
            int room = keep - body.length();
            int readable = content.content().readableBytes();
            if (room > 0 && readable > 0) {
                body.append(content.content().toString(content.content().readerIndex(), Math.min(room, readable),
                        StandardCharsets.UTF_8));
            }
            truncated |= readable > room;
            if (msg instanceof LastHttpContent) {
                result.complete(new Answer(status, body.toString(), truncated));
                ctx.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IOException("the connection closed before a complete answer"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }
}
