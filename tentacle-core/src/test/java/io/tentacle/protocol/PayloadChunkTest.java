package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadChunkTest {
    @Test
    void everyCopyOfTheLastChunkIsStillTheLast() {
        PayloadChunk last = new PayloadChunk(Unpooled.copiedBuffer("end", StandardCharsets.US_ASCII), true);
        try {
            assertThat(release(last.copy()).isLast()).isTrue();
            assertThat(last.duplicate().isLast()).isTrue();
            assertThat(release(last.retainedDuplicate()).isLast()).isTrue();
            assertThat(release(last.replace(Unpooled.buffer(1))).isLast()).isTrue();
        } finally {
            last.release();
        }
    }

    @Test
    void aMiddleChunkStaysAMiddleOneAndRetainKeepsTheType() {
        PayloadChunk middle = new PayloadChunk(Unpooled.copiedBuffer("mid", StandardCharsets.US_ASCII), false);
        PayloadChunk retained = middle.retain().touch("test");
        assertThat(retained).isSameAs(middle);
        assertThat(middle.refCnt()).isEqualTo(2);
        assertThat(release(middle.copy()).isLast()).isFalse();
        PayloadChunk copy = middle.copy();
        assertThat(copy.content().toString(StandardCharsets.US_ASCII)).isEqualTo("mid");
        copy.release();
        middle.release(2);
    }

    private static PayloadChunk release(PayloadChunk chunk) {
        chunk.release();
        return chunk;
    }
}
