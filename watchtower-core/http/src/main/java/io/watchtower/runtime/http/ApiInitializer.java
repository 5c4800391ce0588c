package io.watchtower.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.time.Duration;
import java.util.concurrent.Executor;

/** Wires one connection's pipeline: timeouts, HTTP/1.1 codec, bounded aggregation, then {@link ApiHandler}. */
final class ApiInitializer extends ChannelInitializer<Channel> {

    /** Longest request line. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Largest header block. */
    static final int MAX_HEADERS = 8192;

    private final ApiRoutes routes;
    private final Executor workers;
    private final ChannelGroup connections;
    private final Duration requestTime;
    private final Duration idleTime;

    ApiInitializer(ApiRoutes routes, Executor workers, ChannelGroup connections, Duration requestTime, Duration idleTime) {
        this.routes = routes;
        this.workers = workers;
        this.connections = connections;
        this.requestTime = requestTime;
        this.idleTime = idleTime;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        RequestTimeouts timeouts = new RequestTimeouts(requestTime, idleTime);
        ch.pipeline()
                .addLast("timeouts", timeouts)
                .addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192))
                .addLast("request-end", timeouts.requestEnd())
                .addLast("aggregator", new BoundedAggregator(ApiServer.MAX_REQUEST_BYTES))
                .addLast("api", new ApiHandler(routes, workers));
    }
}
