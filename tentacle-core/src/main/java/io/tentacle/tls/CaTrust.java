package io.tentacle.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.handler.ssl.SslProvider;
import io.tentacle.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The operator's CA file as a trust manager that says why it refuses a certificate: in words, for
 * the log of whoever refuses it, and in the TLS alert, for the peer. BoringSSL turns a refusal it
 * cannot classify into an "internal error" alert, and Netty's message for it is "General
 * OpenSslEngine problem", neither of which tells an operator that a certificate is from another CA.
 */
final class CaTrust extends X509ExtendedTrustManager {
    // OpenSSL's verification codes, which BoringSSL turns into the alerts unknown_ca,
    // certificate_expired and bad_certificate.
    private static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    private static final int CERT_HAS_EXPIRED = 10;
    private static final int CERT_NOT_YET_VALID = 9;

    private final X509ExtendedTrustManager pkix;
    private final Path ca;
    private final boolean openSsl;

    private CaTrust(X509ExtendedTrustManager pkix, Path ca, boolean openSsl) {
        this.pkix = pkix;
        this.ca = ca;
        this.openSsl = openSsl;
    }

    /**
     * Trusts the certificates of the PEM file {@code ca}, for a context of {@code provider}. What is
     * wrong with the file is said about "it": callers name the file in their own words.
     */
    static TrustManager load(Path ca, SslProvider provider) throws SSLException {
        try (InputStream in = Files.newInputStream(ca)) {
            Collection<? extends Certificate> certificates = List.of();
            if (Files.readString(ca, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new SSLException("no certificate in it (a CA file holds PEM blocks -----BEGIN CERTIFICATE-----)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return new CaTrust(x509, ca, provider != SslProvider.JDK);
                }
            }
            throw new SSLException("this Java runtime has no X.509 trust manager");
        } catch (SSLException e) {
            throw e;
        } catch (IOException | GeneralSecurityException e) {
            throw new SSLException("cannot read it: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check("client", chain, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check("server", chain, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check("client", chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check("server", chain, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("client", chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("server", chain, () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(String whose, X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw refused(whose, chain, e);
        }
    }

    /** Why {@code chain} was refused, in words and with the code for the alert the peer will get. */
    private CertificateException refused(String whose, X509Certificate[] chain, CertificateException cause) {
        if (chain == null || chain.length == 0) {
            return cause;
        }
        X509Certificate leaf = chain[0];
        String named = whose + " certificate '" + leaf.getSubjectX500Principal().getName() + "'";
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return withCode(named + " expired on " + leaf.getNotAfter().toInstant(), cause, CERT_HAS_EXPIRED);
        } catch (CertificateNotYetValidException e) {
            return withCode(
                    named + " is not valid before " + leaf.getNotBefore().toInstant(), cause, CERT_NOT_YET_VALID);
        }
        String reason = String.valueOf(cause.getMessage());
        if (reason.contains("No name matching") || reason.contains("No subject alternative")) {
            return cause; // The host name check: the JDK's message already says which name was expected.
        }
        return withCode(
                named + " is not accepted by the CA in " + ca + ": " + Failures.describe(cause),
                cause,
                UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    private CertificateException withCode(String message, CertificateException cause, int openSslCode) {
        if (openSsl) {
            return new OpenSslCertificateException(message, cause, openSslCode);
        }
        // The JDK picks its alert from the cause of what we throw: keep the validator's own there.
        return new CertificateException(message, cause.getCause() != null ? cause.getCause() : cause);
    }
}
