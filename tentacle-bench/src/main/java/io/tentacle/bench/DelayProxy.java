package io.tentacle.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that holds every byte for a fixed time in each direction, to show what a WAN
 * round trip does to a lock-step protocol, and optionally caps the bandwidth: all connections through
 * the proxy share one {@link Pipe} per direction (a link is one pipe), which lets bytes leave no faster
 * than the cap, first come first served, before the delay starts. Everything runs on one event loop, so
 * the pipes need no locks, and departures in order keep the bytes in order.
 */
final class DelayProxy implements AutoCloseable {
    /** Bytes a connection may have queued in the proxy before it stops reading: more than any bandwidth-delay product here. */
    private static final long QUEUE_LIMIT = 2L << 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final Pipe toServer;
    private final Pipe toClient;

    DelayProxy(int targetPort, long delayMillis) throws InterruptedException {
        this(targetPort, delayMillis, 0);
    }

    /** {@code bitsPerSecond} 0: no cap. */
    DelayProxy(int targetPort, long delayMillis, long bitsPerSecond) throws InterruptedException {
        toServer = new Pipe(bitsPerSecond);
        toClient = new Pipe(bitsPerSecond);
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel inbound) {
                        Bootstrap b = new Bootstrap()
                                .group(inbound.eventLoop())
                                .channel(NioSocketChannel.class)
                                .option(ChannelOption.TCP_NODELAY, true)
                                .handler(new Relay(inbound, delayMillis, toClient));
                        b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort))
                                .addListener(f -> {
                                    if (!f.isSuccess()) {
                                        inbound.close();
                                        return;
                                    }
                                    Channel outbound = ((io.netty.channel.ChannelFuture) f).channel();
                                    inbound.pipeline().addLast(new Relay(outbound, delayMillis, toServer));
                                    inbound.config().setAutoRead(true);
                                });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * One direction of the link: a serialisation clock. Bytes handed to it leave when the bytes before
     * them (from any connection) have left, at the cap's rate; the link's queue is the time between.
     */
    private static final class Pipe {
        private final long bitsPerSecond;
        private long freeAtNanos;

        Pipe(long bitsPerSecond) {
            this.bitsPerSecond = bitsPerSecond;
        }

        /** When {@code bytes} handed over now have left the pipe, in nanoseconds on {@link System#nanoTime()}. */
        long depart(long now, int bytes) {
            if (bitsPerSecond <= 0) {
                return now;
            }
            freeAtNanos = Math.max(now, freeAtNanos) + bytes * 8L * 1_000_000_000L / bitsPerSecond;
            return freeAtNanos;
        }
    }

    /**
     * Forwards what one side reads to the other side once the pipe let it through and {@code delay}
     * later; a close follows the bytes. Stops reading while too much of its own is queued. Each timer
     * forwards the oldest read still held, not its own: two timers due microseconds apart may fire in
     * either order (the event loop takes its own clock when it schedules), and bytes must not.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final long delay;
        private final Pipe pipe;
        private final ArrayDeque<io.netty.buffer.ByteBuf> held = new ArrayDeque<>();
        private long queued;
        private long lastArrival;

        Relay(Channel peer, long delay, Pipe pipe) {
            this.peer = peer;
            this.delay = delay;
            this.pipe = pipe;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof io.netty.buffer.ByteBuf read)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            int bytes = read.readableBytes();
            held.add(read);
            long now = System.nanoTime();
            long arrival = pipe.depart(now, bytes) + TimeUnit.MILLISECONDS.toNanos(delay);
            lastArrival = arrival;
            queued += bytes;
            if (queued > QUEUE_LIMIT) {
                ctx.channel().config().setAutoRead(false);
            }
            ctx.executor()
                    .schedule(
                            () -> {
                                io.netty.buffer.ByteBuf oldest = held.poll();
                                queued -= oldest.readableBytes();
                                if (queued <= QUEUE_LIMIT / 2
                                        && ctx.channel().isActive()
                                        && !ctx.channel().config().isAutoRead()) {
                                    ctx.channel().config().setAutoRead(true);
                                }
                                if (peer.isActive()) {
                                    peer.writeAndFlush(oldest);
                                } else {
                                    ReferenceCountUtil.release(oldest);
                                }
                            },
                            arrival - now,
                            TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            long now = System.nanoTime();
            ctx.executor()
                    .schedule(
                            () -> {
                                peer.close();
                            },
                            Math.max(lastArrival - now, TimeUnit.MILLISECONDS.toNanos(delay)),
                            TimeUnit.NANOSECONDS);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
