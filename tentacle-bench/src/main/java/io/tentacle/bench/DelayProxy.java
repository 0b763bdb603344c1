package io.tentacle.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that holds every byte for a fixed time in each direction, to show what a WAN
 * round trip does to a lock-step protocol. Both sides of a connection share one event loop, and equal
 * delays keep the bytes in order.
 */
final class DelayProxy implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    DelayProxy(int targetPort, long delayMillis) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel inbound) {
                    Bootstrap b = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new Relay(inbound, delayMillis));
                    b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort)).addListener(f -> {
                        if (!f.isSuccess()) {
                            inbound.close();
                            return;
                        }
                        Channel outbound = ((io.netty.channel.ChannelFuture) f).channel();
                        inbound.pipeline().addLast(new Relay(outbound, delayMillis));
                        inbound.config().setAutoRead(true);
                    });
                }
            })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Forwards what one side reads to the other side, {@code delay} later; a close follows the bytes. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private final long delay;

        Relay(Channel peer, long delay) {
            this.peer = peer;
            this.delay = delay;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.executor().schedule(() -> {
                if (peer.isActive()) {
                    peer.writeAndFlush(msg);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ctx.executor().schedule(() -> {
                peer.close();
            }, delay, TimeUnit.MILLISECONDS);
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
