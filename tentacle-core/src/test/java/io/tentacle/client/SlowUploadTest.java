package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.testing.RateLimitedRelay;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that takes longer than the client's idle limit to leave on a slow uplink (a collection pushed
 * to a far site): the server cannot answer before it has the last byte, so the wait is not its silence.
 */
class SlowUploadTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    @Test
    @Timeout(60)
    void aSendLongerThanTheIdleLimitCompletesWhileItsBytesKeepLeaving() throws Exception {
        assertSentThrough(uplink -> RateLimitedRelay.uploadsTo(uplink, 512 * 1024));
    }

    /** A link that takes every byte at once and passes it on slowly: our kernel has nothing left to send. */
    @Test
    @Timeout(60)
    void aSendGivesTheServerTimeToReceiveWhatALinkBufferedForIt() throws Exception {
        assertSentThrough(uplink -> RateLimitedRelay.bufferingUploadsTo(uplink, 512 * 1024));
    }

    private interface Link {
        RateLimitedRelay to(int serverPort) throws java.io.IOException;
    }

    private void assertSentThrough(Link link) throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        Path file = Files.write(local.resolve("big.zip"), content);
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .maxSize(10 << 20)
                        .build());
                RateLimitedRelay uplink = link.to(server.port());
                TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                        .port(uplink.port())
                        .timeout(Duration.ofSeconds(1))
                        .retries(0)
                        .build())) {
            // About 6 s through 512 KiB/s, six times the client's idle limit of 1 s.
            try (TentacleConnection connection = client.connect()) {
                connection.send(file);
            }
        }
        assertThat(spool.resolve("big.zip")).hasSameBinaryContentAs(file);
    }
}
