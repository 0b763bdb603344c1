package io.tentacle.protocol;

import com.github.luben.zstd.util.Native;

/**
 * Whether zstd's native library loads on this machine (zstd-jni ships it for the common platforms).
 * Where it does not, batches use deflate: a server does not offer zstd, a client does not ask for it.
 */
public final class Zstd {
    private static final String UNAVAILABLE = tryLoad();

    private Zstd() {}

    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why zstd cannot be used here, for the log; null when it can. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    private static String tryLoad() {
        try {
            Native.load();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "zstd's native library does not load on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + e.getMessage() + "); batches use deflate";
        }
    }
}
