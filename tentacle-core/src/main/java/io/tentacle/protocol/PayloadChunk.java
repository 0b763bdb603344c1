package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A piece of a payload; {@code last} marks the one that completes the announced size. */
public final class PayloadChunk extends DefaultByteBufHolder {
    private final boolean last;

    public PayloadChunk(ByteBuf content, boolean last) {
        super(content);
        this.last = last;
    }

    public boolean isLast() {
        return last;
    }

    @Override
    public String toString() {
        return "PayloadChunk(" + content().readableBytes() + " bytes" + (last ? ", last)" : ")");
    }
}
