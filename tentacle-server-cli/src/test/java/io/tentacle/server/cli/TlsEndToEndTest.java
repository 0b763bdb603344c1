package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.JdkSslContext;
import io.tentacle.testing.ServerProcess;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** -e -k -f -z against the Perl client and a JSSE socket, and a relay that speaks TLS upstream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndToEndTest {
    TestCerts pki;
    Path spool;
    Path files;
    ServerProcess tls;
    ServerProcess relay;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        pki = TestCerts.get();
        spool = Files.createDirectories(tmp.resolve("spool"));
        files = Files.createDirectories(tmp.resolve("files"));
        tls = CliServer.launch(
                "-s",
                spool.toString(),
                "-e",
                pki.serverCert.toString(),
                "-k",
                pki.serverKey.toString(),
                "-f",
                pki.ca.toString(),
                "-z",
                "TLSv1_3",
                "-v");
        relay = CliServer.launch(
                "-b",
                "127.0.0.1",
                "-g",
                String.valueOf(tls.port()),
                "--proxy-ca",
                pki.ca.toString(),
                "--proxy-cert",
                pki.clientCert.toString(),
                "--proxy-key",
                pki.clientKey.toString(),
                "-v");
        Stream.of(tls, relay).forEach(server -> server.awaitReady(CliServer.STARTED));
    }

    @AfterAll
    void stop() {
        Stream.of(tls, relay).forEach(s -> {
            if (s != null) {
                s.close();
            }
        });
    }

    SSLSocket connect(Path cert, Path key, String... protocols) throws IOException {
        // A plain JSSE socket needs the JDK's SSLContext; TlsContexts prefers BoringSSL when it loads.
        System.setProperty("io.tentacle.tls.provider", "jdk");
        SSLContext context;
        try {
            context = ((JdkSslContext) TlsContexts.forClient(cert, key, null, pki.ca, List.of(), List.of())).context();
        } finally {
            System.clearProperty("io.tentacle.tls.provider");
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tls.port());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.setSoTimeout(15_000);
        return socket;
    }

    @Test
    void startLineSaysTls() {
        assertThat(tls.output()).contains("TLS TLSv1.3, client certificates signed by " + pki.ca + " required");
        assertThat(relay.output()).contains("relaying to 127.0.0.1:" + tls.port() + " over TLS");
    }

    @Test
    void referenceClientSendsWithItsCertificate() throws IOException {
        assumeTrue(Files.isReadable(ReferenceClient.NEWER), "needs the 0.6.x Perl client at " + ReferenceClient.NEWER);
        Path f = Files.writeString(files.resolve("tls.data"), "over tls");
        ReferenceClient.Result result = ReferenceClient.runWith(
                List.of("perl", ReferenceClient.NEWER.toString()),
                files,
                tls.port(),
                "-e",
                pki.clientCert.toString(),
                "-k",
                pki.clientKey.toString(),
                "-f",
                pki.ca.toString(),
                f.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(spool.resolve("tls.data")).hasContent("over tls");
    }

    @Test
    void jsseClientWithCertificateListsNothingButIsServed() throws IOException {
        try (SSLSocket socket = connect(pki.clientCert, pki.clientKey);
                Wire wire = new Wire(socket)) {
            assertThat(wire.ask("SEND <jsse.data> SIZE 4")).isEqualTo("SEND OK");
            wire.raw("jsse".getBytes(StandardCharsets.US_ASCII));
            assertThat(wire.readLine()).isEqualTo("SEND OK");
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(wire.ask("LS <>")).as("no -I").isNull();
        }
        assertThat(spool.resolve("jsse.data")).hasContent("jsse");
    }

    @Test
    void clientWithoutCertificateIsRefused() throws IOException {
        try (SSLSocket socket = connect(null, null);
                Wire wire = new Wire(socket)) {
            assertThatThrownBy(() -> {
                        wire.line("SEND <nocert.data> SIZE 1");
                        if (wire.readLine() == null) {
                            throw new IOException("closed");
                        }
                    })
                    .isInstanceOf(IOException.class);
        }
        assertThat(spool.resolve("nocert.data")).doesNotExist();
    }

    @Test
    void tlsOnePointTwoIsRefusedUnderZ() throws IOException {
        try (SSLSocket socket = connect(pki.clientCert, pki.clientKey, "TLSv1.2")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainClientIsRelayedOverTlsWithTheRelaysCertificate() throws IOException {
        Path f = Files.write(files.resolve("relayed-tls.data"), new byte[1_200_000]);
        ReferenceClient.Result result = ReferenceClient.run(files, relay.port(), f.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(spool.resolve("relayed-tls.data")).hasSameBinaryContentAs(f);
    }
}
