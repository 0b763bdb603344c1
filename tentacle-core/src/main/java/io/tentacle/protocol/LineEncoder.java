package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a command or reply as its line and a {@code \n}, one byte per char (see {@link Lines}); a char
 * past 0xFF would be written as {@code ?}, so names are checked before they become a request
 * ({@code io.tentacle.internal.storage.FileNames#isWireName}). Payloads pass by untouched.
 */
@Sharable
public final class LineEncoder extends MessageToByteEncoder<WireMessage> {
    public static final LineEncoder INSTANCE = new LineEncoder();

    private LineEncoder() {}

    @Override
    protected void encode(ChannelHandlerContext ctx, WireMessage message, ByteBuf out) {
        out.writeCharSequence(message.toLine(), StandardCharsets.ISO_8859_1);
        out.writeByte('\n');
    }
}
