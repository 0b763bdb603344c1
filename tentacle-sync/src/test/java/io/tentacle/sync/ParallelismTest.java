package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelismTest {
    @TempDir
    Path dir;

    @Test
    void ourServersDefaultLeavesThePullersThirtyTwoConnectionsTheirPlaces() {
        ServerConfig defaults = ServerConfig.builder().directory(dir).build();
        assertThat(defaults.maxSessionsPerAddress()).isGreaterThanOrEqualTo(Parallelism.FOR_OURS);
    }
}
