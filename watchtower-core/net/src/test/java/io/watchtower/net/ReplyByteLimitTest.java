package io.watchtower.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyByteLimitTest {

    /** Records what passes the limit and what it reports. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        long bytes;
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += ((io.netty.buffer.ByteBuf) msg).readableBytes();
            ((io.netty.buffer.ByteBuf) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    @Test
    void bytesUpToTheLimitPassAndEachWriteRenewsTheBudget() {
        Downstream down = new Downstream();
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyByteLimit(100), down);
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {'P'}));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[60]));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[40]));
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {'P'}));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        assertThat(down.bytes).isEqualTo(200);
        assertThat(down.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void oneByteBeyondTheLimitClosesTheChannelAndDropsTheRest() {
        Downstream down = new Downstream();
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyByteLimit(100), down);
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {'P'}));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[1]));
        assertThat(down.bytes).isEqualTo(100);
        assertThat(down.errors).singleElement().isInstanceOf(ReplyByteLimit.ExceededException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("more than 100 bytes"));
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new ReplyByteLimit(0)).hasMessageContaining("positive");
    }
}
