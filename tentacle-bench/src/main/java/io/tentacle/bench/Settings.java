package io.tentacle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run does. {@code quick} shrinks every count so a smoke run takes about a minute;
 * the full run is bounded to about ten minutes.
 */
record Settings(
        boolean quick,
        Path work,
        Path referenceServer,
        String referenceUser,
        List<String> serverJvmOptions,
        boolean insecureServer) {
    static final int FILE_SIZE = 4096;

    Settings insecure() {
        return new Settings(quick, work, referenceServer, referenceUser, serverJvmOptions, true);
    }

    boolean referenceAvailable() {
        return referenceServer != null && Files.isReadable(referenceServer);
    }

    int burstClients() {
        return quick ? 200 : 1000;
    }

    /** Unmeasured bursts before the measured ones: connection set-up is a path of its own to warm up. */
    int burstWarmUpRounds() {
        return quick ? 1 : 3;
    }

    /** Unmeasured rounds of sustained ingest: our server reached its pace after about 50,000 small files. */
    int sustainedWarmUpRounds() {
        return quick ? 2 : 5;
    }

    /** Measured rounds per server for the burst and sustained ingest; the figure is their median. */
    int measuredRounds() {
        return quick ? 3 : 5;
    }

    int sustainedConnections() {
        return 10;
    }

    int sustainedFilesPerConnection() {
        return quick ? 200 : 1000;
    }

    long largeFileBytes() {
        return quick ? 128L << 20 : 1L << 30;
    }

    /** Measured round trips per server of the large file; the figure is their median. */
    int largeRounds() {
        return quick ? 1 : 3;
    }

    int largeWarmUpRoundTrips() {
        return quick ? 1 : 2;
    }

    long baselineFileBytes() {
        return 10L << 20;
    }

    int handshakes() {
        return quick ? 100 : 500;
    }

    int handshakeConcurrency() {
        return 8;
    }

    /** Files per drain through the slow links (scenario 6): the 10,000 agents, or fewer with --quick. */
    int slowLinkFiles() {
        return Integer.getInteger("tentacle.bench.slowFiles", quick ? 2000 : 10_000);
    }

    int pullerFiles() {
        return quick ? 2000 : 10_000;
    }
}
