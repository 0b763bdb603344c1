package io.tentacle.server.cli;

import io.tentacle.Failures;
import io.netty.handler.ssl.SslContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * Checks that a private key belongs to its certificate, which Netty does not, so that a swapped -k
 * fails at start rather than in every client's handshake. Never instantiated: it only reaches the
 * PEM readers SslContext offers its subclasses.
 */
abstract class PemKeys extends SslContext {
    private PemKeys() {
    }

    /** True for a PEM key that needs a password: PKCS#8 {@code ENCRYPTED PRIVATE KEY} or OpenSSL's {@code Proc-Type: 4,ENCRYPTED}. */
    static boolean isEncrypted(Path key) {
        try (BufferedReader in = Files.newBufferedReader(key, StandardCharsets.ISO_8859_1)) {
            // The markers sit in the first lines; a key file is small, but never read more than a few.
            for (int i = 0; i < 200; i++) {
                String line = in.readLine();
                if (line == null) {
                    return false;
                }
                if (line.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----") || line.startsWith("Proc-Type: 4,ENCRYPTED")) {
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
            throw new CliException("cannot decrypt the private key " + key + " with the password given: is it the right password?");
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

    static void checkPair(File certificate, File key, String password) {
        try {
            X509Certificate cert = toX509Certificates(certificate)[0];
            PrivateKey parsed = toPrivateKey(key, password);
            // Netty may parse through Bouncy Castle ("ECDSA" keys); re-read as a JDK key to sign with the JDK.
            String[] family = switch (parsed.getAlgorithm()) {
                case "RSA" -> new String[] {"RSA", "SHA256withRSA"};
                case "EC", "ECDSA" -> new String[] {"EC", "SHA256withECDSA"};
                default -> null;
            };
            if (family == null) {
                return; // A key type we do not probe: the handshake will tell.
            }
            PrivateKey privateKey = KeyFactory.getInstance(family[0]).generatePrivate(new PKCS8EncodedKeySpec(parsed.getEncoded()));
            String algorithm = family[1];
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new CliException("the private key " + key + " does not belong to the certificate " + certificate);
            }
        } catch (GeneralSecurityException e) {
            throw new CliException("the private key " + key + " does not belong to the certificate " + certificate
                + ": " + Failures.describe(e));
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot read certificate " + certificate + " or key " + key + ": " + Failures.describe(e));
        }
    }
}
