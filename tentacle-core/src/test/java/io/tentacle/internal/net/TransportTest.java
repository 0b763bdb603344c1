package io.tentacle.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.tentacle.client.ClientConfig;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.ServerThreads;
import io.tentacle.server.TentacleServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransportTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    @Test
    void autoTakesEpollOnLinuxX86_64() {
        assumeTrue(
                System.getProperty("os.name").equals("Linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "the native epoll library is shipped for Linux x86_64 only");
        assertThat(Epoll.unavailabilityCause()).as("why epoll cannot load").isNull();
        assertThat(Transport.choose("auto")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.choose("")).isEqualTo(Transport.EPOLL);
    }

    @Test
    void nioIsTakenWhenAsked() {
        assertThat(Transport.choose("nio")).isEqualTo(Transport.NIO);
        assertThat(Transport.choose(" NIO ")).isEqualTo(Transport.NIO);
    }

    @Test
    void anUnknownTransportIsAClearError() {
        assertThatThrownBy(() -> Transport.choose("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dtentacle.transport=kqueue is not a transport: use auto, epoll or nio");
    }

    /** Upload through the payload reads, download through sendfile (plain FileRegion), on each transport. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerOnEitherTransportStoresAndSendsFiles(Transport transport) throws Exception {
        assumeTrue(transport != Transport.EPOLL || Epoll.isAvailable(), "no native epoll here");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(16).nextBytes(content);
        Path file = Files.write(local.resolve("big.data"), content);
        try (ServerThreads threads = new ServerThreads(transport);
                TentacleServer server = TentacleServer.start(
                        ServerConfig.builder()
                                .address(InetAddress.getLoopbackAddress())
                                .port(0)
                                .directory(spool)
                                .maxSize(8L << 20)
                                .build(),
                        threads);
                TentacleClient client = new TentacleClient(
                        ClientConfig.builder("127.0.0.1").port(server.port()).build());
                TentacleConnection connection = client.connect()) {
            assertThat(server.transport()).isEqualTo(transport);
            connection.send(file);
            assertThat(spool.resolve("big.data")).hasBinaryContent(content);
            Path back = local.resolve("back.data");
            assertThat(connection.recv("big.data", back)).isEqualTo(content.length);
            assertThat(back).hasBinaryContent(content);
        }
    }
}
