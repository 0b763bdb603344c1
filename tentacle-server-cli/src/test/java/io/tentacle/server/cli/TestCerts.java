package io.tentacle.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the openssl command line, once per test JVM: a CA, a server certificate
 * for 127.0.0.1/localhost, a client certificate, the server key encrypted with {@link #KEY_PASSWORD},
 * and a second CA that signed nothing here.
 */
final class TestCerts {
    static final String KEY_PASSWORD = "keypass";
    private static TestCerts instance;

    final Path dir;
    final Path ca;
    final Path otherCa;
    final Path serverCert;
    final Path serverKey;
    final Path serverKeyEncrypted;
    final Path clientCert;
    final Path clientKey;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.otherCa = dir.resolve("other-ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.serverKeyEncrypted = dir.resolve("server-encrypted.key");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client.key");
    }

    static synchronized TestCerts get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("tentacle-pki");
                TestCerts certs = new TestCerts(dir);
                certs.generate();
                instance = certs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private void generate() throws IOException {
        String ec = "ec:" + dir.resolve("params.pem");
        openssl(
                "ecparam",
                "-name",
                "prime256v1",
                "-out",
                dir.resolve("params.pem").toString());
        openssl(
                "req",
                "-x509",
                "-newkey",
                ec,
                "-nodes",
                "-keyout",
                dir.resolve("ca.key").toString(),
                "-out",
                ca.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=Tentacle Test CA");
        openssl(
                "req",
                "-x509",
                "-newkey",
                ec,
                "-nodes",
                "-keyout",
                dir.resolve("other-ca.key").toString(),
                "-out",
                otherCa.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=Some Other CA");
        issue("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        issue("client", "/CN=agent", "extendedKeyUsage=clientAuth\n");
        openssl(
                "pkcs8",
                "-topk8",
                "-in",
                serverKey.toString(),
                "-out",
                serverKeyEncrypted.toString(),
                "-v2",
                "aes-256-cbc",
                "-passout",
                "pass:" + KEY_PASSWORD);
    }

    private void issue(String name, String subject, String extensions) throws IOException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl(
                "req",
                "-newkey",
                "ec:" + dir.resolve("params.pem"),
                "-nodes",
                "-keyout",
                dir.resolve(name + ".key").toString(),
                "-out",
                csr.toString(),
                "-subj",
                subject);
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                ca.toString(),
                "-CAkey",
                dir.resolve("ca.key").toString(),
                "-CAcreateserial",
                "-out",
                dir.resolve(name + ".pem").toString(),
                "-days",
                "2",
                "-extfile",
                ext.toString());
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
