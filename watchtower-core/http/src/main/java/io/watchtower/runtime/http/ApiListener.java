package io.watchtower.runtime.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.watchtower.net.EventLoops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The API's listening socket, bound but not accepting yet: its address is known (a port of 0 has
 * become a real one), so the parts that link to it can be built before the routes it will serve.
 * {@link #serve} starts accepting with the routes and returns the running {@link ApiServer};
 * until then connections wait in the kernel's queue. A listener that is never served is closed.
 *
 * <pre>{@code
 * ApiListener listener = ApiListener.bind("127.0.0.1", 0);
 * String statusUrl = "http://127.0.0.1:" + listener.address().getPort() + "/";
 * ApiServer server = listener.serve(routesThatLinkTo(statusUrl));
 * }</pre>
 */
public final class ApiListener implements AutoCloseable {

    /** What the bootstrap gives each accepted connection: nothing; {@link Accepting} gave it its pipeline. */
    private static final ChannelInitializer<Channel> PIPELINE_FROM_SERVE = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
        }
    };

    private final Channel channel;
    private final String host;
    private final int port;

    private ApiListener(Channel channel, String host, int port) {
        this.channel = channel;
        this.host = host;
        this.port = port;
    }

    /**
     * Binds the address without accepting connections.
     *
     * @param host address to bind
     * @param port port, 0 for any free one
     * @return the bound listener
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static ApiListener bind(String host, int port) throws IOException {
        ChannelFuture bound = new ServerBootstrap()
                .group(EventLoops.shared())
                .channel(EventLoops.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.AUTO_READ, false) // accepts nothing until served
                .childHandler(PIPELINE_FROM_SERVE)
                .bind(new InetSocketAddress(host, port))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
        return new ApiListener(bound.channel(), host, port);
    }

    /** @return the bound address, with the port the system chose when 0 was asked for */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** @return the host as configured */
    public String host() {
        return host;
    }

    /** @return the port as configured (0: any free one) */
    public int configuredPort() {
        return port;
    }

    /**
     * Starts accepting connections, each answered by {@code routes}.
     *
     * @param routes what answers requests
     * @return the running server, which owns this listener from now on
     */
    public ApiServer serve(ApiRoutes routes) {
        return serve(routes, Duration.ofSeconds(ApiServer.MAX_REQUEST_SECONDS), Duration.ofSeconds(ApiServer.IDLE_SECONDS));
    }

    /** {@link #serve(ApiRoutes)} with other timeouts, for tests. */
    ApiServer serve(ApiRoutes routes, Duration requestTime, Duration idleTime) {
        ApiServer server = ApiServer.on(channel, routes, requestTime, idleTime);
        channel.pipeline().addFirst(new Accepting(server.initializer()));
        channel.config().setAutoRead(true);
        return server;
    }

    /** Closes the socket of a listener that was never served. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Gives every accepted connection the served pipeline before the bootstrap registers it. */
    @ChannelHandler.Sharable
    private static final class Accepting extends ChannelInboundHandlerAdapter {
        private final ChannelInitializer<Channel> pipeline;

        Accepting(ChannelInitializer<Channel> pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object accepted) {
            ((Channel) accepted).pipeline().addLast(pipeline);
            ctx.fireChannelRead(accepted);
        }
    }
}
