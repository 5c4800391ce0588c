package io.watchtower.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The process's Netty event loops: one small group that the API server, every tower and every
 * channel share, instead of a group per server, tower or client. Epoll where the native transport
 * loads, NIO elsewhere. The threads are daemon threads and live as long as the process; nothing
 * shuts the group down but the JVM's exit.
 *
 * <p>An idle loop sleeps until I/O arrives or a task is due ({@link QuietIoEventLoop}); Netty 4.2's
 * own loops wake every second.
 *
 * <p>Work done on these threads must never block: a blocking caller waits on a future, with its own
 * deadline, on its own thread.
 */
public final class EventLoops {

    /** Event-loop threads: probes are infrequent, so two carry every connection of a daemon. */
    public static final int THREADS = 2;

    private static volatile EventLoopGroup group;

    private EventLoops() {
    }

    /** @return the shared group, created on first use */
    public static EventLoopGroup shared() {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (EventLoops.class) {
                g = group;
                if (g == null) {
                    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
                    g = QuietIoEventLoop.group(THREADS, "watchtower-netty", io);
                    group = g;
                }
            }
        }
        return g;
    }

    /** @return the client socket channel class that matches {@link #shared()}'s transport */
    public static Class<? extends SocketChannel> socketChannel() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** @return the datagram channel class that matches {@link #shared()}'s transport */
    public static Class<? extends DatagramChannel> datagramChannel() {
        return Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** @return the server socket channel class that matches {@link #shared()}'s transport */
    public static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
