package io.tentacle.tls;

import io.netty.handler.ssl.SslContext;
import io.tentacle.Failures;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a handshake would find wrong with one's own certificate and key, found before any connection:
 * a certificate out of its validity, a key that does not belong to it. Never instantiated: it only
 * reaches the PEM readers {@link SslContext} offers its subclasses.
 */
public abstract class CertificateCheck extends SslContext {
    /** A certificate that ends within this is worth a warning at start. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private CertificateCheck() {}

    /** Why a certificate and key cannot be used, in words. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /**
     * Checks {@code certificate} (its first PEM block) is valid {@code now} and that {@code key} belongs to it.
     *
     * @return a warning when the certificate expires within {@link #EXPIRY_WARNING}
     */
    public static Optional<String> check(Path certificate, Path key, String keyPassword, Instant now) throws Unusable {
        X509Certificate cert = read(certificate);
        PrivateKey parsed = read(key, keyPassword);
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new Unusable("the certificate " + certificate + " expired on " + notAfter + ": renew it");
        }
        if (now.isBefore(notBefore)) {
            throw new Unusable("the certificate " + certificate + " is not valid before " + notBefore
                    + " (is this host's clock right?)");
        }
        checkPair(cert, parsed, certificate, key);
        if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            return Optional.of("the certificate " + certificate + " expires on " + notAfter + ": renew it soon");
        }
        return Optional.empty();
    }

    /** Checks that {@code key} belongs to {@code certificate} (its first PEM block), whatever their dates. */
    public static void checkPair(Path certificate, Path key, String keyPassword) throws Unusable {
        checkPair(read(certificate), read(key, keyPassword), certificate, key);
    }

    private static X509Certificate read(Path certificate) throws Unusable {
        try {
            return toX509Certificates(certificate.toFile())[0];
        } catch (Exception e) {
            throw new Unusable("cannot read the certificate " + certificate + ": " + Failures.describe(e));
        }
    }

    private static PrivateKey read(Path key, String keyPassword) throws Unusable {
        try {
            return toPrivateKey(key.toFile(), keyPassword);
        } catch (Exception e) {
            throw new Unusable("cannot read the private key " + key + ": " + Failures.describe(e)
                    + (keyPassword == null ? " (an encrypted key needs its password)" : ""));
        }
    }

    /** Signs a random probe with the key and verifies it with the certificate's public key. */
    private static void checkPair(X509Certificate cert, PrivateKey parsed, Path certificate, Path key) throws Unusable {
        // Netty may parse through Bouncy Castle ("ECDSA" keys); re-read as a JDK key to sign with the JDK.
        String[] family = switch (parsed.getAlgorithm()) {
            case "RSA" -> new String[] {"RSA", "SHA256withRSA"};
            case "EC", "ECDSA" -> new String[] {"EC", "SHA256withECDSA"};
            default -> null;
        };
        if (family == null) {
            return; // A key type we do not probe: the handshake will tell.
        }
        try {
            PrivateKey privateKey =
                    KeyFactory.getInstance(family[0]).generatePrivate(new PKCS8EncodedKeySpec(parsed.getEncoded()));
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(family[1]);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(family[1]);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another family than the certificate's: it does not belong to it either.
        }
        throw new Unusable("the private key " + key + " does not belong to the certificate " + certificate);
    }
}
