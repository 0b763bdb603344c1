package io.tentacle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run does. {@code quick} shrinks every count so a smoke run takes about a minute;
 * the full run is bounded to about ten minutes.
 */
record Settings(boolean quick, Path work, Path referenceServer, String referenceUser, List<String> serverJvmOptions,
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

    int sustainedConnections() {
        return 10;
    }

    int sustainedFilesPerConnection() {
        return quick ? 200 : 1000;
    }

    long largeFileBytes() {
        return quick ? 128L << 20 : 1L << 30;
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

    int pullerFiles() {
        return quick ? 2000 : 10_000;
    }
}
