package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Implicit TLS: a handshake on connect, client certificates required when the server has a CA. */
class ServerTlsTest extends ServerTestSupport {
    @TempDir
    static Path pkiDir;

    static TestPki pki;

    @BeforeAll
    static void mint() throws IOException {
        pki = TestPki.create(pkiDir);
    }

    private void startTls(Path ca) throws IOException {
        SslContext tls =
                TlsContexts.forServer(pki.server().certificate(), pki.server().key(), null, ca, List.of(), List.of());
        start(b -> b.tls(tls).insecure(true));
    }

    @Test
    void aClientWithACertificateOfTheCaTransfersFiles() throws Exception {
        startTls(pki.caCertificate());
        byte[] big = new byte[1_500_000];
        new Random(1).nextBytes(big);
        try (RawClient c = RawClient.connectTls(port(), pki.clientContext(pki.client()))) {
            c.writeLine("SEND <big.data> SIZE " + big.length);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(big);
            assertThat(c.readLine()).isEqualTo("SEND OK");

            c.writeLine("RECV <big.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE " + big.length);
            c.writeLine("RECV OK");
            assertThat(c.readBytes(big.length)).isEqualTo(big);

            c.writeLine("ZRECV <big.data>");
            String size = c.readLine();
            c.writeLine("ZRECV OK");
            byte[] zip = c.readBytes(Integer.parseInt(size.substring("ZRECV SIZE ".length())));
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                assertThat(in.getNextEntry().getName()).isEqualTo("big.data");
                assertThat(in.readAllBytes()).isEqualTo(big);
            }

            c.writeLine("LS <>");
            assertThat(c.readLine()).isEqualTo("LS SIZE 14");
            c.writeLine("LS OK");
            assertThat(new String(c.readBytes(14), StandardCharsets.US_ASCII)).isEqualTo(".\n..\nbig.data\n");
        }
        assertThat(dir.resolve("big.data")).hasBinaryContent(big);
    }

    @Test
    void aFirstCommandWithALargePayloadInOneWriteIsAccepted() throws Exception {
        startTls(null);
        byte[] content = new byte[1_900_000];
        new Random(2).nextBytes(content);
        byte[] line = ("SEND <a.data> SIZE " + content.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(line, line.length + content.length);
        System.arraycopy(content, 0, all, line.length, content.length);
        try (RawClient c = RawClient.connectTls(port(), pki.clientContext(null))) {
            c.write(all);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(dir.resolve("a.data")).hasBinaryContent(content);
    }

    @Test
    void withACaAClientCertificateIsRequired() throws Exception {
        startTls(pki.caCertificate());
        assertRefused(pki.clientContext(null));
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws Exception {
        startTls(pki.caCertificate());
        assertRefused(pki.clientContext(pki.foreignClient()));
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        startTls(pki.caCertificate());
        assertRefused(pki.clientContext(pki.expiredClient()));
    }

    @Test
    void aRefusedCertificateIsExplainedInTheLogAndInTheAlert() throws Exception {
        startTls(pki.caCertificate());
        try (LogCapture log = LogCapture.server()) {
            // The JDK, as a server, answers every refused client certificate with certificate_unknown.
            boolean boringSsl = TlsContexts.provider() == SslProvider.OPENSSL;
            assertThat(refusal(pki.clientContext(pki.foreignClient())))
                    .isEqualTo("Received fatal alert: " + (boringSsl ? "unknown_ca" : "certificate_unknown"));
            assertThat(log.awaitLine(
                            "client certificate 'CN=client' is not accepted by the CA in " + pki.caCertificate()))
                    .isTrue();

            assertThat(refusal(pki.clientContext(pki.expiredClient())))
                    .isEqualTo("Received fatal alert: " + (boringSsl ? "certificate_expired" : "certificate_unknown"));
            assertThat(log.awaitLine("client certificate 'CN=client' expired on "))
                    .isTrue();
        }
    }

    /** What a client whose certificate the server refuses gets told: the alert, as the JDK reports it. */
    private String refusal(SSLContext context) {
        try (RawClient c = RawClient.connectTls(port(), context)) {
            c.writeLine("SEND <a.data> SIZE 1");
            return "answered: " + c.readLine();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void withoutACaNoClientCertificateIsNeeded() throws Exception {
        startTls(null);
        try (RawClient c = RawClient.connectTls(port(), pki.clientContext(null))) {
            sendOneFile(c);
        }
    }

    @Test
    void encryptedAndPkcs1KeysServeToo() throws Exception {
        SslContext encrypted = TlsContexts.forServer(
                pki.server().certificate(),
                pki.serverEncryptedKey(),
                TestPki.KEY_PASSWORD,
                pki.caCertificate(),
                List.of("TLSv1_2"),
                List.of());
        start(b -> b.tls(encrypted));
        try (RawClient c = RawClient.connectTls(port(), pki.clientContext(pki.client()))) {
            sendOneFile(c);
        }
        server.close();
        Files.delete(dir.resolve("a.data"));

        SslContext pkcs1 = TlsContexts.forServer(
                pki.server().certificate(), pki.serverPkcs1Key(), null, null, List.of(), List.of());
        start(b -> b.tls(pkcs1));
        try (RawClient c = RawClient.connectTls(port(), pki.clientContext(null))) {
            sendOneFile(c);
        }
    }

    @Test
    void plainTextToATlsPortIsClosed() throws Exception {
        startTls(pki.caCertificate());
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 1");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).isEmpty();
    }

    private static void sendOneFile(RawClient c) throws IOException {
        c.writeLine("SEND <a.data> SIZE 1");
        assertThat(c.readLine()).isEqualTo("SEND OK");
        c.write(new byte[] {'a'});
        assertThat(c.readLine()).isEqualTo("SEND OK");
    }

    /** The handshake fails, or under TLS 1.3 the server hangs up before reading the first command. */
    private void assertRefused(SSLContext context) {
        try (RawClient c = RawClient.connectTls(port(), context)) {
            c.writeLine("SEND <a.data> SIZE 1");
            assertThat(c.isClosedByPeer()).isTrue();
        } catch (IOException refused) {
            // The handshake failed on our side: what we wanted.
        }
        assertThat(allFiles()).isEmpty();
    }
}
