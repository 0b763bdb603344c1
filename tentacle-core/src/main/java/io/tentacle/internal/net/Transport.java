package io.tentacle.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * How sockets are driven: Linux's epoll through Netty's native library where it loads (fewer
 * system calls and copies per connection, no selector garbage), Java's NIO everywhere else. Chosen
 * once per server or client at start; {@code -Dtentacle.transport=nio} forces NIO (for a platform
 * where the native library misbehaves, or to compare), {@code epoll} insists on it.
 */
public enum Transport {
    EPOLL("epoll") {
        @Override
        IoHandlerFactory ioHandlers() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }

        @Override
        public ServerSocketChannel serverChannel(boolean ipv4Only) {
            return ipv4Only ? new EpollServerSocketChannel(SocketProtocolFamily.INET) : new EpollServerSocketChannel();
        }
    },
    NIO("nio") {
        @Override
        IoHandlerFactory ioHandlers() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return NioSocketChannel.class;
        }

        @Override
        public ServerSocketChannel serverChannel(boolean ipv4Only) {
            return ipv4Only
                    ? new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET)
                    : new NioServerSocketChannel();
        }
    };

    /** The system property that picks the transport: {@code auto} (the default), {@code epoll} or {@code nio}. */
    public static final String PROPERTY = "tentacle.transport";

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The transport this process uses, from {@value #PROPERTY}; throws when it names one that cannot run here. */
    public static Transport chosen() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    static Transport choose(String wanted) {
        switch (wanted.trim().toLowerCase(Locale.ROOT)) {
            case "", "auto":
                return Epoll.isAvailable() ? EPOLL : NIO;
            case "nio":
                return NIO;
            case "epoll":
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            "-D" + PROPERTY + "=epoll, but Netty's native epoll library cannot be used here ("
                                    + Epoll.unavailabilityCause() + "): use auto or nio");
                }
                return EPOLL;
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + wanted + " is not a transport: use auto, epoll or nio");
        }
    }

    /** The transport a channel runs on, for a connection opened from its event loop (a proxy's upstream). */
    public static Transport of(Channel channel) {
        return channel instanceof EpollSocketChannel || channel instanceof EpollServerSocketChannel ? EPOLL : NIO;
    }

    /** Event loops of this transport; {@code threads} 0 means Netty's default (twice the cores). */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlers());
    }

    abstract IoHandlerFactory ioHandlers();

    /** The class of a connection's channel, for a client {@code Bootstrap}. */
    public abstract Class<? extends SocketChannel> socketChannel();

    /** A listening channel: IPv4 only, or the platform's default (IPv6 taking IPv4 too where it can). */
    public abstract ServerSocketChannel serverChannel(boolean ipv4Only);

    /** The name the start line and the logs use. */
    @Override
    public String toString() {
        return label;
    }
}
