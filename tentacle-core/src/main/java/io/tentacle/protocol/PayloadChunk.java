package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a payload; {@code last} marks the one that completes the announced size. The copies
 * Netty's holders make (copy, duplicate, replace) keep {@code last}, and retain/touch return this
 * type, so a handler that copies a chunk cannot turn the end of a payload into a middle.
 */
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
    public PayloadChunk copy() {
        return replace(content().copy());
    }

    @Override
    public PayloadChunk duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public PayloadChunk retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public PayloadChunk replace(ByteBuf content) {
        return new PayloadChunk(content, last);
    }

    @Override
    public PayloadChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public PayloadChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public PayloadChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public PayloadChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "PayloadChunk(" + content().readableBytes() + " bytes" + (last ? ", last)" : ")");
    }
}
