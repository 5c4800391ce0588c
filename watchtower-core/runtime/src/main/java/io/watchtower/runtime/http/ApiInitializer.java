package io.watchtower.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/** Wires the HTTP pipeline: codec, bounded aggregation, idle timeout, then {@link ApiHandler}. */
final class ApiInitializer extends ChannelInitializer<SocketChannel> {

    /** Requests are small GETs; anything larger is refused. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final ApiRoutes routes;

    ApiInitializer(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new ReadTimeoutHandler(30))
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(new ApiHandler(routes));
    }
}
