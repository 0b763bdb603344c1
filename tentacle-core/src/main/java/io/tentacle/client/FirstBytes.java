package io.tentacle.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Watches the first bytes a server sends, below TLS, to tell a TLS mismatch from other failures.
 * A Tentacle reply is a text line, so a plain connection that first receives a TLS record header
 * (an alert 0x15 or a handshake 0x16, then version 0x03) is talking to a TLS server; a TLS connection
 * whose handshake fails with nothing received is talking to a server that waits for a text line.
 */
final class FirstBytes extends ChannelInboundHandlerAdapter {
    private final boolean tls;
    private volatile boolean received;

    FirstBytes(boolean tls) {
        this.tls = tls;
    }

    /** Whether the server has sent anything at all. */
    boolean received() {
        return received;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!received && msg instanceof ByteBuf buf && buf.isReadable()) {
            received = true;
            if (!tls && isTlsRecord(buf)) {
                buf.release();
                ctx.fireExceptionCaught(new TentacleException.TlsMismatch(
                        "the server speaks TLS and this connection does not: configure TLS (a CA or a client certificate)",
                        true));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    static boolean isTlsRecord(ByteBuf buf) {
        int i = buf.readerIndex();
        short type = buf.getUnsignedByte(i);
        return (type == 0x15 || type == 0x16) && (buf.readableBytes() < 2 || buf.getUnsignedByte(i + 1) == 0x03);
    }
}
