package io.tentacle.servercli;

import io.netty.handler.ssl.SslContext;
import java.io.File;
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
                + ": " + Settings.describe(e));
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot read certificate " + certificate + " or key " + key + ": " + Settings.describe(e));
        }
    }
}
