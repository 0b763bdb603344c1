package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.tentacle.protocol.PasswordDigest;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every way to get authentication wrong: refused, logged, nothing stored, and the server goes on. */
@ExtendWith(NoLeaks.class)
class HostileAuthTest {
    @TempDir
    static Path certs;

    @TempDir
    Path spool;

    private static TestPki pki;
    private TentacleServer server;

    @BeforeAll
    static void mint() throws IOException {
        pki = TestPki.create(certs);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        assertThat(spool).isEmptyDirectory();
    }

    private void start(ServerConfig.Builder config) throws IOException {
        server = TentacleServer.start(config.directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .build());
    }

    private void startTls() throws IOException {
        SslContext tls = TlsContexts.forServer(
                pki.server().certificate(), pki.server().key(), null, pki.caCertificate(), List.of(), List.of());
        start(ServerConfig.builder().tls(tls));
    }

    /** Sends {@code lines}; true when the server closed the connection without a reply line. */
    private static boolean closedWithoutReply(RawClient c, String... lines) throws IOException {
        for (String line : lines) {
            c.writeLine(line);
        }
        return c.isClosedByPeer();
    }

    @Test
    void aWrongPasswordIsRefusedWithoutAReply() throws IOException {
        start(ServerConfig.builder().password("secret"));
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "PASS " + PasswordDigest.of("wrong"), "SEND <a.data> SIZE 1"))
                    .isTrue();
            assertThat(log.awaitLine("Invalid password")).isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "PASS 9E769017C85F064977FE6A658F207FA6"))
                    .as("digest in upper case")
                    .isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "PASS secret"))
                    .as("the password itself")
                    .isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "PASS ")).isTrue();
        }
        assertAcceptsTheRightPassword();
    }

    @Test
    void commandsBeforePassAreRefused() throws IOException {
        start(ServerConfig.builder().password("secret").insecure(true));
        for (String command : new String[] {
            "SEND <a.data> SIZE 1", "RECV <a.data>", "LS <>", "MV <a.data>", "DEL <a.data>", "QUIT", "RECV OK"
        }) {
            try (LogCapture log = LogCapture.server();
                    RawClient c = RawClient.connect(server.port())) {
                c.writeLine(command);
                try {
                    c.write("x\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // Fine.
                }
                assertThat(c.isClosedByPeer()).as(command).isTrue();
                assertThat(log.awaitLine("Client did not authenticate"))
                        .as(command)
                        .isTrue();
            }
        }
        assertAcceptsTheRightPassword();
    }

    @Test
    void passWhereNoneIsDueIsRefusedAndNamedForWhatItIs() throws IOException {
        start(ServerConfig.builder());
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "PASS " + PasswordDigest.of("secret")))
                    .isTrue();
            assertThat(log.awaitLine("Client sent a password, but this server has none (no -x)"))
                    .isTrue();
            assertThat(log.lines()).noneMatch(l -> l.contains("Unknown command"));
        }
        server.close();
        start(ServerConfig.builder().password("secret"));
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("PASS " + PasswordDigest.of("secret"));
            assertThat(c.readLine()).isEqualTo("PASS OK");
            assertThat(closedWithoutReply(c, "PASS " + PasswordDigest.of("secret")))
                    .as("a second PASS")
                    .isTrue();
        }
    }

    private void assertAcceptsTheRightPassword() throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("PASS " + PasswordDigest.of("secret"));
            assertThat(c.readLine()).isEqualTo("PASS OK");
            c.writeLine("RECV <none.data>");
            assertThat(c.readLine()).isEqualTo("RECV ERR (file does not exist)");
        }
    }

    /** Tries a TLS session with {@code context}; true when it could not get a reply through. */
    private boolean refused(SSLContext context) {
        try (RawClient c = RawClient.connectTls(server.port(), context)) {
            c.writeLine("RECV <none.data>");
            c.readLine();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void tlsWithoutAClientCertificateIsRefusedWhenACaIsSet() throws IOException {
        startTls();
        try (LogCapture log = LogCapture.server()) {
            assertThat(refused(pki.clientContext(null))).isTrue();
            assertThat(log.awaitLine("TLS handshake failed")).isTrue();
        }
        assertThat(refused(pki.clientContext(pki.client()))).isFalse();
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws IOException {
        startTls();
        try (LogCapture log = LogCapture.server()) {
            assertThat(refused(pki.clientContext(pki.foreignClient()))).isTrue();
            assertThat(log.awaitLine("TLS handshake failed")).isTrue();
        }
        assertThat(refused(pki.clientContext(pki.client()))).isFalse();
    }

    @Test
    void anExpiredCertificateIsRefused() throws IOException {
        startTls();
        try (LogCapture log = LogCapture.server()) {
            assertThat(refused(pki.clientContext(pki.expiredClient()))).isTrue();
            assertThat(log.awaitLine("TLS handshake failed")).isTrue();
        }
        assertThat(refused(pki.clientContext(pki.client()))).isFalse();
    }

    @Test
    void plainTextToATlsPortIsRefused() throws IOException {
        startTls();
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            assertThat(closedWithoutReply(c, "SEND <a.data> SIZE 1")).isTrue();
            assertThat(log.awaitLine("TLS handshake failed")).isTrue();
        }
        assertThat(refused(pki.clientContext(pki.client()))).isFalse();
    }

    @Test
    void tlsToAPlainPortIsRefused() throws IOException {
        start(ServerConfig.builder());
        try (LogCapture log = LogCapture.server()) {
            assertThat(refused(pki.clientContext(pki.client()))).isTrue();
            assertThat(log.awaitLine("Closing connection") || log.awaitLine("Unknown command"))
                    .isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("RECV <none.data>");
            assertThat(c.readLine()).isEqualTo("RECV ERR (file does not exist)");
        }
    }
}
