package io.tentacle.server.cli;

import io.netty.handler.ssl.SslContext;
import io.tentacle.Failures;
import io.tentacle.tls.CertificateCheck;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Checks that a private key belongs to its certificate, which Netty does not, so that a swapped -k
 * fails at start rather than in every client's handshake. Never instantiated: it only reaches the
 * PEM readers SslContext offers its subclasses.
 */
abstract class PemKeys extends SslContext {
    private PemKeys() {}

    /** True for a PEM key that needs a password: PKCS#8 {@code ENCRYPTED PRIVATE KEY} or OpenSSL's {@code Proc-Type: 4,ENCRYPTED}. */
    static boolean isEncrypted(Path key) {
        try (BufferedReader in = Files.newBufferedReader(key, StandardCharsets.ISO_8859_1)) {
            // The markers sit in the first lines; a key file is small, but never read more than a few.
            for (int i = 0; i < 200; i++) {
                String line = in.readLine();
                if (line == null) {
                    return false;
                }
                if (line.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                        || line.startsWith("Proc-Type: 4,ENCRYPTED")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // Reading it for the context says why.
        }
    }

    /** Decrypts the key alone, so that a wrong password is named as such, not as a DER parsing error. */
    static void checkPassword(Path key, String password) {
        try {
            toPrivateKey(key.toFile(), password);
        } catch (Exception e) {
            // The JDK's reason ("Invalid lenByte", "PBE parameter parsing error") names the symptom, not the cause.
            throw new CliException(
                    "cannot decrypt the private key " + key + " with the password given: is it the right password?");
        }
    }

    /** The first certificate of a PEM file, read as the server's context reads it. */
    static X509Certificate certificate(Path file) {
        try {
            return toX509Certificates(file.toFile())[0];
        } catch (Exception e) {
            throw new CliException("cannot read certificate " + file + ": " + Failures.describe(e));
        }
    }

    /** The check {@link CertificateCheck#checkPair} makes, as a CLI error. */
    static void checkPair(File certificate, File key, String password) {
        try {
            CertificateCheck.checkPair(certificate.toPath(), key.toPath(), password);
        } catch (CertificateCheck.Unusable e) {
            throw new CliException(e.getMessage());
        }
    }
}
