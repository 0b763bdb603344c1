package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTlsTest {
    @TempDir
    Path spool;

    @TempDir
    Path certs;

    @TempDir
    Path local;

    private TestPki pki;
    private TentacleServer server;

    @BeforeEach
    void mintCertificates() throws IOException {
        pki = TestPki.create(certs);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer(TestPki.Identity identity, Path ca) throws IOException {
        SslContext tls = TlsContexts.forServer(identity.certificate(), identity.key(), null, ca, List.of(), List.of());
        // Every address, so that the test can reach it under a name its certificate does not carry.
        server = TentacleServer.start(
                ServerConfig.builder().directory(spool).port(0).tls(tls).build());
    }

    private void sendOneFile(String host, SslContext tls, boolean verifyHostname) throws IOException {
        Path file = Files.writeString(local.resolve("agent.data"), "secret data");
        try (TentacleClient client = new TentacleClient(ClientConfig.builder(host)
                        .port(server.port())
                        .tls(tls)
                        .verifyHostname(verifyHostname)
                        .build());
                TentacleConnection connection = client.connect()) {
            connection.send(file);
        }
    }

    private SslContext clientContext(TestPki.Identity identity, Path ca) throws IOException {
        return identity == null
                ? TlsContexts.forClient(null, null, null, ca, List.of(), List.of())
                : TlsContexts.forClient(identity.certificate(), identity.key(), null, ca, List.of(), List.of());
    }

    @Test
    void mutualTlsWithCaVerificationAndHostName() throws IOException {
        startServer(pki.server(), pki.caCertificate());
        sendOneFile("localhost", clientContext(pki.client(), pki.caCertificate()), true);
        assertThat(spool.resolve("agent.data")).hasContent("secret data");
    }

    @Test
    void serverWithoutCaAcceptsClientsWithoutCertificate() throws IOException {
        startServer(pki.server(), null);
        sendOneFile("127.0.0.1", clientContext(null, pki.caCertificate()), true);
        assertThat(spool.resolve("agent.data")).exists();
    }

    @Test
    void wrongHostNameIsRefusedUnlessTheCheckIsOff() throws IOException {
        startServer(pki.server(), null);
        SslContext trusting = clientContext(null, pki.caCertificate());
        assertThatThrownBy(() -> sendOneFile("127.0.0.2", trusting, true))
                .isInstanceOf(TentacleException.TlsFailed.class);
        sendOneFile("127.0.0.2", trusting, false);
        assertThat(spool.resolve("agent.data")).exists();
    }

    @Test
    void serverFromAnotherCaIsRefused() throws IOException {
        startServer(pki.server(), null);
        assertThatThrownBy(() -> sendOneFile("localhost", clientContext(null, pki.foreignCaCertificate()), true))
                .isInstanceOf(TentacleException.TlsFailed.class)
                .hasMessageContaining("server certificate '")
                .hasMessageContaining("is not accepted by the CA in " + pki.foreignCaCertificate());
        assertThat(spool.resolve("agent.data")).doesNotExist();
    }

    @Test
    void clientWithoutCertificateOrFromAnotherCaIsRefused() throws IOException {
        startServer(pki.server(), pki.caCertificate());
        assertThatThrownBy(() -> sendOneFile("localhost", clientContext(null, pki.caCertificate()), true))
                .isInstanceOf(TentacleException.TlsFailed.class);
        assertThatThrownBy(
                        () -> sendOneFile("localhost", clientContext(pki.foreignClient(), pki.caCertificate()), true))
                .isInstanceOf(TentacleException.TlsFailed.class);
        assertThat(spool.resolve("agent.data")).doesNotExist();
    }

    @Test
    void pinnedProtocolVersionAndReferenceSpelling() throws IOException {
        SslContext tls = TlsContexts.forServer(
                pki.server().certificate(), pki.server().key(), null, null, List.of("TLSv1_2"), List.of());
        server = TentacleServer.start(
                ServerConfig.builder().directory(spool).port(0).tls(tls).build());
        SslContext only13 = TlsContexts.forClient(null, null, null, pki.caCertificate(), List.of("TLSv1_3"), List.of());
        assertThatThrownBy(() -> sendOneFile("localhost", only13, true))
                .isInstanceOf(TentacleException.TlsFailed.class);
        SslContext with12 = TlsContexts.forClient(
                null, null, null, pki.caCertificate(), List.of("TLSv1.2"), List.of("ECDHE-RSA-AES128-GCM-SHA256"));
        sendOneFile("localhost", with12, true);
        assertThat(spool.resolve("agent.data")).exists();
    }
}
