package io.watchtower.runtime.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.watchtower.net.OneShotExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * One {@link HttpPost}'s conversation: sends the request once connected, then reads the answer's
 * status and the first few hundred bytes of its body (for the error message); the rest of the body
 * is not kept. Completes when the answer ends, fails when the connection or the deadline does first.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject>
        implements OneShotExchange.Conversation<ResponseHandler.Answer> {

    /** Longest status line and header block of an answer. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 16384;

    /**
     * @param status the HTTP status
     * @param body the start of the body
     * @param truncated whether the body was longer than what was kept
     */
    record Answer(int status, String body, boolean truncated) {
    }

    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private final FullHttpRequest request;
    private final int keep;
    private final StringBuilder body = new StringBuilder();
    private int status;
    private boolean truncated;

    /**
     * @param request what to send
     * @param keep how many bytes of the body to keep
     */
    ResponseHandler(FullHttpRequest request, int keep) {
        this.request = request;
        this.keep = keep;
    }

    /** @return the answer, or the failure that ended the exchange */
    @Override
    public CompletableFuture<Answer> result() {
        return result;
    }

    @Override
    public void initChannel(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192)).addLast("response", this);
    }

    @Override
    public void connected(Channel channel) {
        channel.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess()) {
                fail(w.cause());
            }
        });
    }

    @Override
    public void connectFailed(Throwable cause) {
        fail(cause);
    }

    @Override
    public void expire() {
        fail(new TimeoutException("no answer in time"));
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
