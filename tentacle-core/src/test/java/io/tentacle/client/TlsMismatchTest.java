package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.handler.ssl.SslContext;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client and a server that disagree about TLS: the client says so, instead of "wrong password",
 * "the server closed the connection" or a handshake that times out into a ClosedChannelException.
 */
class TlsMismatchTest {
    @TempDir
    Path spool;

    @TempDir
    Path certs;

    private static TentacleException.TlsMismatch connect(int port, SslContext tls, String password) {
        ClientConfig config = ClientConfig.builder("127.0.0.1")
                .port(port)
                .tls(tls)
                .verifyHostname(false)
                .password(password)
                .timeout(Duration.ofSeconds(2))
                .build();
        try (TentacleClient client = new TentacleClient(config)) {
            return catchThrowableOfType(
                    () -> {
                        try (TentacleConnection connection = client.connect()) {
                            connection.list("");
                        }
                    },
                    TentacleException.TlsMismatch.class);
        }
    }

    @Test
    @Timeout(30)
    void aPlainClientIsToldTheServerSpeaksTls() throws IOException {
        TestPki pki = TestPki.create(certs);
        SslContext serverTls =
                TlsContexts.forServer(pki.server().certificate(), pki.server().key(), null, null, List.of(), List.of());
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .tls(serverTls)
                .build())) {
            for (String password : new String[] {null, "secret"}) {
                TentacleException.TlsMismatch e = connect(server.port(), null, password);
                assertThat(e).as("with password " + password).isNotNull();
                assertThat(e.getMessage()).contains("the server speaks TLS");
                assertThat(e.serverSpeaksTls()).isTrue();
            }
        }
    }

    @Test
    @Timeout(30)
    void aTlsClientIsToldTheServerDoesNotSpeakTls() throws IOException {
        TestPki pki = TestPki.create(certs);
        SslContext clientTls = TlsContexts.forClient(null, null, null, null, List.of(), List.of());
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .build())) {
            TentacleException.TlsMismatch e = connect(server.port(), clientTls, null);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("the server does not speak TLS");
            assertThat(e.serverSpeaksTls()).isFalse();
        }
    }

    /** The reference Perl server without TLS reads the ClientHello as a line and says nothing. */
    @Test
    @Timeout(30)
    void aTlsClientIsToldASilentServerDoesNotSpeakTls() throws Exception {
        SslContext clientTls = TlsContexts.forClient(null, null, null, null, List.of(), List.of());
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (Socket s = silent.accept();
                        InputStream in = s.getInputStream()) {
                    in.transferTo(OutputStreamSink.INSTANCE);
                } catch (IOException ignored) {
                    // The client hung up.
                }
            });
            reader.setDaemon(true);
            reader.start();
            long start = System.nanoTime();
            TentacleException.TlsMismatch e = connect(silent.getLocalPort(), clientTls, null);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("the server does not speak TLS");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    /** Swallows what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}
    }
}
