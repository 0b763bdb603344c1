package io.tentacle.client;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.Zstd;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a server answered to the extensions probe (docs/PROTOCOL-NOTES.md, Batches): the batch
 * version both sides speak (0: none, pull with MV) and whether it accepts zstd batches.
 */
public record Extensions(int batchVersion, boolean zstd) {
    public static final Extensions NONE = new Extensions(0, false);
    private static final AtomicBoolean TOLD_NO_ZSTD = new AtomicBoolean();

    static Extensions of(String reason) {
        int batch = Math.min(BatchFormat.VERSION, BatchFormat.batchVersionOf(reason));
        return batch == 0 ? NONE : new Extensions(batch, BatchFormat.versionOf(reason, "zstd") >= 1);
    }

    /** The codec to ask for: none when compression is off, zstd when both sides have it, deflate otherwise. */
    public BatchCodec codec(boolean compress) {
        if (!compress) {
            return BatchCodec.NONE;
        }
        if (zstd && !Zstd.available() && TOLD_NO_ZSTD.compareAndSet(false, true)) {
            System.getLogger("io.tentacle.client").log(System.Logger.Level.WARNING, Zstd.unavailableReason());
        }
        return zstd && Zstd.available() ? BatchCodec.ZSTD : BatchCodec.DEFLATE;
    }
}
