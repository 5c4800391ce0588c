package io.watchtower.tower.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.watchtower.net.EventLoops;
import org.xbill.DNS.Message;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries dnsjava's queries on the process's shared Netty event loops ({@link EventLoops#shared()}):
 * dnsjava encodes the question and decodes the answer, this only moves the bytes. dnsjava's own
 * transport runs a selector thread that, once started, wakes every second for as long as the process
 * lives; here nothing runs between probes.
 *
 * <p>One socket per query: a connected UDP socket on an ephemeral port (the kernel picks it at
 * random), or a TCP connection with the two-byte length prefix of RFC 1035 4.2.2. A reply whose id is
 * not the query's is ignored and the query keeps waiting; the query's timeout is kept on the socket's
 * own loop and fails the query with a {@link SocketTimeoutException}, as dnsjava's transport does.
 */
final class LoopTransport implements IoClientFactory, UdpIoClient, TcpIoClient {

    /** The one instance: it holds no state of its own. */
    static final LoopTransport INSTANCE = new LoopTransport();

    /** How long {@link #start()} waits for its socket at most. */
    private static final long WARM_UP_MILLIS = 2_000;

    /** The largest DNS message over TCP (the length prefix is 16 bits). */
    private static final int MAX_TCP_MESSAGE = 65_535;

    private volatile boolean warm;

    private LoopTransport() {
    }

    /**
     * Starts the shared event loops and opens and closes one UDP socket on them, so that the
     * classes a query needs are loaded before the first query is timed (loading them inside a
     * cold JVM's first query can take longer than a query timeout). Called at the start of every
     * probe; does this once per process and waits at most {@value #WARM_UP_MILLIS} ms.
     */
    void start() {
        if (warm) {
            return;
        }
        warm = true;
        new Bootstrap().group(EventLoops.shared()).channel(EventLoops.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addListener(f -> {
                    if (f instanceof ChannelFuture bound && bound.isSuccess()) {
                        bound.channel().close();
                    }
                })
                .awaitUninterruptibly(WARM_UP_MILLIS);
    }

    @Override
    public TcpIoClient createOrGetTcpClient() {
        return this;
    }

    @Override
    public UdpIoClient createOrGetUdpClient() {
        return this;
    }

    @Override
    public CompletableFuture<byte[]> sendAndReceiveUdp(InetSocketAddress local, InetSocketAddress remote,
                                                       Message query, byte[] data, int max, Duration timeout) {
        Exchange exchange = new Exchange(data);
        Bootstrap bootstrap = new Bootstrap().group(EventLoops.shared()).channel(EventLoops.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(512, max)))
                .handler(exchange);
        ChannelFuture connect = local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local);
        exchange.start(connect, timeout, channel -> channel.writeAndFlush(Unpooled.wrappedBuffer(data)));
        return exchange.result;
    }

    @Override
    public CompletableFuture<byte[]> sendAndReceiveTcp(InetSocketAddress local, InetSocketAddress remote,
                                                       Message query, byte[] data, Duration timeout) {
        Exchange exchange = new Exchange(data);
        Bootstrap bootstrap = new Bootstrap().group(EventLoops.shared()).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, timeout.toMillis())))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2),
                                exchange);
                    }
                });
        ChannelFuture connect = local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local);
        exchange.start(connect, timeout, channel -> {
            ByteBuf framed = channel.alloc().buffer(2 + data.length);
            framed.writeShort(data.length).writeBytes(data);
            channel.writeAndFlush(framed);
        });
        return exchange.result;
    }

    /** What is sent first once the socket is connected. */
    private interface Send {
        void on(Channel channel);
    }

    /** One query on one socket: completes once, then closes the socket. */
    private static final class Exchange extends ChannelInboundHandlerAdapter {

        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int id;

        Exchange(byte[] query) {
            this.id = query.length >= 2 ? ((query[0] & 0xff) << 8) | (query[1] & 0xff) : -1;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        void start(ChannelFuture connect, Duration timeout, Send send) {
            Channel channel = connect.channel();
            ScheduledFuture<?> expiry = channel.eventLoop().schedule(
                    () -> result.completeExceptionally(new SocketTimeoutException("Query timed out")),
                    Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
            result.whenComplete((bytes, error) -> {
                expiry.cancel(false);
                channel.close();
            });
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(f.cause());
                } else if (!result.isDone()) {
                    send.on(channel);
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf content = msg instanceof DatagramPacket packet ? packet.content()
                        : msg instanceof ByteBuf buf ? buf : null;
                // a reply to another question (or too short to say) is not this query's answer
                if (content != null && content.readableBytes() >= 2 && content.getUnsignedShort(content.readerIndex()) == id) {
                    result.complete(ByteBufUtil.getBytes(content));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new EOFException("the server closed the connection before it answered"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
        }
    }
}
