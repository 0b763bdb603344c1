package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tentacle.testing.TestFiles;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote that demands a client certificate and a password, the puller verifying it in turn. */
class SyncTlsTest {
    @TempDir
    Path tmp;

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, minted by the openssl tool. */
    private Path pki() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(tmp.resolve("pki"));
        String script = String.join(
                "\n",
                "set -e",
                "key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out $1 2>/dev/null; }",
                "key ca.key; openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj /CN=test-ca",
                "for who in server client; do",
                "  key $who.key; openssl req -new -key $who.key -out $who.csr -subj /CN=$who",
                "  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > $who.ext",
                "  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 -extfile $who.ext 2>/dev/null",
                "done");
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", script)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "no bash/openssl: " + e.getMessage());
            return dir;
        }
        String output = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "openssl failed: " + output);
        return dir;
    }

    @Test
    void pullsOverTlsWithAClientCertificateAndAPassword() throws Exception {
        Path pki = pki();
        Path spool = Files.createDirectories(tmp.resolve("site"));
        try (RemoteServer remote = new RemoteServer(
                spool,
                "secret",
                TlsContexts.forServer(
                        pki.resolve("server.pem"),
                        pki.resolve("server.key"),
                        null,
                        pki.resolve("ca.pem"),
                        List.of(),
                        List.of()))) {
            Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 200, 4000, 31);
            TestFiles.write(spool.resolve("big.data"), TestFiles.random(3_000_000, 32));
            Path incoming = Files.createDirectories(tmp.resolve("data_in"));
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of(
                            "syncserver 1",
                            "incomingdir " + incoming,
                            "sync_address " + remote.address(),
                            "sync_password secret",
                            "sync_retries 0",
                            "sync_ca " + pki.resolve("ca.pem"),
                            "sync_cert " + pki.resolve("client.pem"),
                            "sync_key " + pki.resolve("client.key")));

            // Without a client certificate the remote refuses the handshake.
            Cli anonymous = Cli.run("-c", conf.toString(), "--cert", "", "--key", "");
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.out()).contains("FAILED").contains("certificate refused");
            assertThat(TestFiles.checksums(spool)).hasSize(201);

            Cli pass = Cli.run("-c", conf.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            assertThat(pass.out()).contains("ok, pulled 201 file(s)");
            assertThat(TestFiles.checksums(incoming))
                    .containsAllEntriesOf(expected)
                    .hasSize(201);
            assertThat(TestFiles.checksums(spool)).isEmpty();
        }
    }
}
