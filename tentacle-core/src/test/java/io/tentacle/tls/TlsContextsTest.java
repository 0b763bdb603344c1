package io.tentacle.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.tentacle.testing.TestPki;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void mint() throws Exception {
        pki = TestPki.create(dir);
    }

    @Test
    void testPkiWritesTheKeyFormatsItPromises() throws Exception {
        assertThat(Files.readString(pki.server().key())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pki.serverPkcs1Key())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(pki.serverEncryptedKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(Files.readString(pki.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void certificatesChainToTheirCa() throws Exception {
        PublicKey caKey = readCertificate(pki.caCertificate()).getPublicKey();
        pki.server().x509().verify(caKey);
        pki.client().x509().verify(caKey);
        assertThatThrownBy(() -> pki.foreignClient().x509().verify(caKey)).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> pki.expiredClient().x509().checkValidity())
                .isInstanceOf(CertificateExpiredException.class);
        assertThat(pki.server().x509().getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
    }

    private static Certificate readCertificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void serverContextReadsPkcs8Pkcs1AndEncryptedKeys() throws Exception {
        Path cert = pki.server().certificate();
        assertThat(TlsContexts.forServer(cert, pki.server().key(), null, pki.caCertificate(), List.of(), List.of())
                        .isServer())
                .isTrue();
        assertThat(TlsContexts.forServer(cert, pki.serverPkcs1Key(), null, null, List.of(), List.of())
                        .isServer())
                .isTrue();
        SslContext encrypted =
                TlsContexts.forServer(cert, pki.serverEncryptedKey(), TestPki.KEY_PASSWORD, null, List.of(), List.of());
        assertThat(encrypted.isServer()).isTrue();
    }

    @Test
    void encryptedKeyWithTheWrongPasswordIsRefused() {
        assertThatThrownBy(() -> TlsContexts.forServer(
                        pki.server().certificate(), pki.serverEncryptedKey(), "wrong", null, List.of(), List.of()))
                .isInstanceOf(Exception.class);
    }

    @Test
    void clientContextTakesAnOptionalCertificate() throws Exception {
        assertThat(TlsContexts.forClient(null, null, null, pki.caCertificate(), List.of(), List.of())
                        .isClient())
                .isTrue();
        assertThat(TlsContexts.forClient(
                                pki.client().certificate(), pki.client().key(), null, null, List.of(), List.of())
                        .isClient())
                .isTrue();
    }

    @Test
    void referenceSpellingsOfVersionsAndCiphers() {
        assertThat(TlsContexts.protocolName("TLSv1_3")).isEqualTo("TLSv1.3");
        assertThat(TlsContexts.protocolName("tlsv1_2")).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> TlsContexts.protocolName("SSLv3")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TlsContexts.cipherName("ECDHE-RSA-AES128-GCM-SHA256"))
                .isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(TlsContexts.cipherName("TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
    }
}
