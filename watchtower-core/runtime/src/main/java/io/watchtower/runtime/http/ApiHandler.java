package io.watchtower.runtime.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one HTTP request into a call of {@link ApiRoutes} and writes the answer. */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiRoutes routes;

    ApiHandler(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ApiResponse answer;
        if (!request.decoderResult().isSuccess()) {
            answer = ApiResponse.json(400, "{\"error\":\"bad request\"}");
        } else {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            try {
                java.util.Map<String, String> headers = new java.util.HashMap<>();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
                byte[] body = new byte[request.content().readableBytes()];
                request.content().getBytes(request.content().readerIndex(), body);
                String remote = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress
                        ? ((java.net.InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress() : "";
                answer = routes.answer(new ApiRequest(request.method().name(), uri.path(), uri.parameters(),
                        headers, remote, body));
            } catch (RuntimeException e) {
                LOG.error("API request {} {} failed", request.method(), uri.path(), e);
                answer = ApiResponse.json(500, "{\"error\":\"internal error\"}");
            }
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(response, answer.body().length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("API connection error: {}", cause.toString());
        ctx.close();
    }
}
