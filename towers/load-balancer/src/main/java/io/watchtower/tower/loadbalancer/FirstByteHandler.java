package io.watchtower.tower.loadbalancer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Sits below the HTTP codec (above TLS) and tells the exchange when response bytes first arrive. */
final class FirstByteHandler extends ChannelInboundHandlerAdapter {

    private final ExchangeHandler exchange;

    FirstByteHandler(ExchangeHandler exchange) {
        this.exchange = exchange;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        exchange.bytesArrived();
        ctx.fireChannelRead(msg);
    }
}
