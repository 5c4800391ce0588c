package io.watchtower.runtime.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns each request of one connection into a call of {@link ApiRoutes} and writes the answer, one
 * request at a time and in order. A {@link ApiRoutes#quick quick} route is answered on the event
 * loop; any other on the workers, and the connection reads nothing more until its answer is written.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Requests a client may pipeline ahead of the one being answered; more closes the connection. */
    static final int MAX_PIPELINED = 16;

    private final ApiRoutes routes;
    private final Executor workers;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean answering;

    /** A request read and waiting for its turn: what the routes see (or a ready answer) and how to reply. */
    private record Pending(ApiRequest request, ApiResponse early, boolean keepAlive, boolean head) {
    }

    ApiHandler(ApiRoutes routes, Executor workers) {
        this.routes = routes;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (queue.size() >= MAX_PIPELINED) {
            LOG.debug("API client {} pipelined more than {} requests; closing", ctx.channel().remoteAddress(),
                    MAX_PIPELINED);
            ctx.close();
            return;
        }
        queue.add(read(ctx, request));
        next(ctx);
    }

    /** Copies what the routes need out of the request (its buffers are released after this call). */
    private static Pending read(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            ApiResponse bad = cause instanceof TooLongFrameException
                    ? ApiResponse.json(431, "{\"error\":\"request line or headers too long\"}")
                    : ApiResponse.json(400, "{\"error\":\"bad request\"}");
            return new Pending(null, bad, false, head);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = uri.path();
            query = query(uri.rawQuery());
        } catch (IllegalArgumentException e) {
            return new Pending(null, ApiResponse.json(400, "{\"error\":\"bad path or query string\"}"), keepAlive, head);
        }
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        byte[] body = ByteBufUtil.getBytes(request.content());
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
        return new Pending(new ApiRequest(request.method().name(), path, query, headers, remote, body), null,
                keepAlive, head);
    }

    /** Answers the next waiting request unless one is being answered. */
    private void next(ChannelHandlerContext ctx) {
        if (answering || queue.isEmpty()) {
            return;
        }
        Pending pending = queue.poll();
        answering = true;
        ctx.channel().config().setAutoRead(false);
        if (pending.early() != null) {
            reply(ctx, pending, pending.early());
        } else if (routes.quick(pending.request())) {
            reply(ctx, pending, answer(pending.request()));
        } else {
            try {
                workers.execute(() -> reply(ctx, pending, answer(pending.request())));
            } catch (RejectedExecutionException busy) {
                reply(ctx, pending, ApiResponse.json(503, "{\"error\":\"busy: too many requests in progress\"}"));
            }
        }
    }

    private ApiResponse answer(ApiRequest request) {
        try {
            return routes.answer(request);
        } catch (RuntimeException e) {
            LOG.error("API request {} {} failed", request.method(), request.path(), e);
            return ApiResponse.json(500, "{\"error\":\"internal error\"}");
        }
    }

    /** Writes an answer (from any thread); once written, the connection reads and answers again. */
    private void reply(ChannelHandlerContext ctx, Pending pending, ApiResponse answer) {
        int status = answer.status();
        boolean noBody = pending.head() || status == 204 || status == 304;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (status != 204 && status != 304) {
            HttpUtil.setContentLength(response, answer.body().length);
        }
        HttpUtil.setKeepAlive(response, pending.keepAlive());
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (!pending.keepAlive() || !written.isSuccess()) {
                ctx.close();
                return;
            }
            answering = false;
            ctx.channel().config().setAutoRead(true);
            next(ctx);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queue.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("API connection error: {}", cause.toString());
        ctx.close();
    }

    /** Decodes {@code a=1&b=x%20y&a=2} ({@code +} is a space) into ordered lists of values. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }
}
