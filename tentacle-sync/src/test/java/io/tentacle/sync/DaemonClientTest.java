package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon's passes share one client: its threads are started once, not once per pass, and end when it closes. */
class DaemonClientTest {
    /** The client's event loop threads: "tentacle-client-POOL-N", one POOL per client. */
    private static final Pattern CLIENT_THREAD = Pattern.compile("tentacle-client-(\\d+)-\\d+");

    @TempDir
    Path tmp;

    @Test
    void everyPassUsesTheSameClientThreadsUntilClosed() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("remote"));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .build())) {
            SyncConfig config = SyncConfig.builder(incoming)
                    .remote(new Remote("127.0.0.1", server.port()))
                    .build();
            Set<Thread> earlier = clientThreads(); // Left by other tests' clients in this JVM, if any.
            Set<String> pools = new HashSet<>();
            Set<Thread> seen = new HashSet<>();
            SyncEngine engine = new SyncEngine(config, SyncListener.NONE).keepClientBetweenPasses();
            try {
                for (int pass = 0; pass < 5; pass++) {
                    Files.writeString(spool.resolve("agent-" + pass + ".data"), "<agent_data/>");
                    assertThat(engine.runPass().ok()).isTrue();
                    assertThat(incoming.resolve("agent-" + pass + ".data"))
                            .as("pass %d", pass)
                            .hasContent("<agent_data/>");
                    Set<Thread> alive = clientThreads();
                    alive.removeAll(earlier);
                    assertThat(alive)
                            .as("client threads alive after pass %d", pass)
                            .isNotEmpty();
                    alive.forEach(thread -> pools.add(pool(thread)));
                    seen.addAll(alive);
                }
            } finally {
                engine.close();
            }
            assertThat(pools).as("clients whose threads served the passes").hasSize(1);
            // An event loop group never holds more threads than it was sized for, however many passes.
            assertThat(seen).hasSizeLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
            for (Thread thread : seen) {
                thread.join(10_000);
                assertThat(thread.isAlive())
                        .as(thread.getName() + " after close")
                        .isFalse();
            }
        }
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive()
                        && CLIENT_THREAD.matcher(thread.getName()).matches())
                .collect(Collectors.toSet());
    }

    private static String pool(Thread thread) {
        Matcher matcher = CLIENT_THREAD.matcher(thread.getName());
        return matcher.matches() ? matcher.group(1) : thread.getName();
    }
}
