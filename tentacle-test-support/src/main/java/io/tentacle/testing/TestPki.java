package io.tentacle.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, minted with Bouncy Castle into a directory as PEM files: a CA, a
 * server certificate for {@code localhost} and {@code 127.0.0.1}, client certificates, a client of an
 * unrelated CA and expired certificates. Keys are RSA 2048, written as PKCS#8; the server key is also
 * written as PKCS#1 and as encrypted PKCS#8 (password {@link #KEY_PASSWORD}).
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tempDir);
 * SslContext tls = TlsContexts.forServer(pki.server().certificate(), pki.server().key(), null,
 *     pki.caCertificate(), List.of(), List.of());
 * }</pre>
 */
public final class TestPki {
    public static final String KEY_PASSWORD = "changeit";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key, in memory and as PEM files. */
    public record Identity(Path certificate, Path key, X509Certificate x509, PrivateKey privateKey) {}

    private final Path directory;
    private final Authority ca;
    private final Authority foreignCa;
    private final Identity server;
    private final Identity client;
    private final Identity foreignClient;
    private final Identity expiredClient;
    private final Identity expiredServer;
    private final Path serverPkcs1Key;
    private final Path serverEncryptedKey;

    private TestPki(Path directory) throws IOException, GeneralSecurityException {
        this.directory = directory;
        Files.createDirectories(directory);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(1));
        Instant end = now.plus(Duration.ofDays(30));
        ca = new Authority("ca", "Tentacle Test CA", start, end);
        foreignCa = new Authority("foreign-ca", "Unrelated Test CA", start, end);
        server = ca.issue("server", "localhost", true, start, end);
        client = ca.issue("client", "client", false, start, end);
        foreignClient = foreignCa.issue("foreign-client", "client", false, start, end);
        Instant expired = now.minus(Duration.ofDays(2));
        expiredClient = ca.issue("expired-client", "client", false, now.minus(Duration.ofDays(10)), expired);
        expiredServer = ca.issue("expired-server", "localhost", true, now.minus(Duration.ofDays(10)), expired);
        serverPkcs1Key = directory.resolve("server-pkcs1.key");
        writePem(serverPkcs1Key, server.privateKey());
        serverEncryptedKey = directory.resolve("server-encrypted.key");
        writeEncrypted(serverEncryptedKey, server.privateKey(), KEY_PASSWORD);
    }

    /** Mints everything into {@code directory} (created if needed). Takes about a second. */
    public static TestPki create(Path directory) throws IOException {
        try {
            return new TestPki(directory);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot mint test certificates", e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The CA that signed {@link #server()} and the clients. */
    public Path caCertificate() {
        return ca.identity.certificate();
    }

    /** A CA that signed nothing else here but {@link #foreignClient()}. */
    public Path foreignCaCertificate() {
        return foreignCa.identity.certificate();
    }

    /** For {@code localhost} and {@code 127.0.0.1}. */
    public Identity server() {
        return server;
    }

    public Identity client() {
        return client;
    }

    /** A further client certificate of the test CA, e.g. to tell sessions apart. */
    public Identity newClient(String name) throws IOException {
        Instant now = Instant.now();
        try {
            return ca.issue(name, name, false, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot mint a client certificate", e);
        }
    }

    /** A client certificate from the unrelated CA: a server trusting {@link #caCertificate()} refuses it. */
    public Identity foreignClient() {
        return foreignClient;
    }

    /** Signed by the test CA, but no longer valid. */
    public Identity expiredClient() {
        return expiredClient;
    }

    /** Signed by the test CA for {@code localhost}, but no longer valid. */
    public Identity expiredServer() {
        return expiredServer;
    }

    /** The server key as {@code BEGIN RSA PRIVATE KEY}. */
    public Path serverPkcs1Key() {
        return serverPkcs1Key;
    }

    /** The server key as {@code BEGIN ENCRYPTED PRIVATE KEY}, password {@link #KEY_PASSWORD}. */
    public Path serverEncryptedKey() {
        return serverEncryptedKey;
    }

    /**
     * A JDK client context that trusts the test CA and presents {@code identity} (null for none) even
     * when the server asks for another issuer, so that the server, not the JDK, does the refusing.
     */
    public SSLContext clientContext(Identity identity) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.identity.x509());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (identity != null) {
                keys.setKeyEntry("me", identity.privateKey(), new char[0], new Certificate[] {identity.x509()});
            }
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] always = {new AlwaysPresent((X509ExtendedKeyManager) kmf.getKeyManagers()[0], identity != null)
            };
            context.init(always, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    /** Offers the one key it holds whatever issuers the server names. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;
        private final String alias;

        AlwaysPresent(X509ExtendedKeyManager keys, boolean hasKey) {
            this.keys = keys;
            this.alias = hasKey ? "me" : null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return keys.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return keys.getPrivateKey(name);
        }
    }

    private final class Authority {
        final Identity identity;
        final KeyPair keys;

        Authority(String fileName, String commonName, Instant start, Instant end)
                throws IOException, GeneralSecurityException {
            keys = newKeyPair();
            X500Principal name = new X500Principal("CN=" + commonName);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name, serial(), Date.from(start), Date.from(end), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            identity = save(fileName, sign(builder, keys.getPrivate()), keys.getPrivate());
        }

        Identity issue(String fileName, String commonName, boolean forServer, Instant start, Instant end)
                throws IOException, GeneralSecurityException {
            KeyPair subjectKeys = newKeyPair();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            identity.x509(),
                            serial(),
                            Date.from(start),
                            Date.from(end),
                            new X500Principal("CN=" + commonName),
                            subjectKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage,
                            false,
                            new ExtendedKeyUsage(
                                    forServer ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            utils.createSubjectKeyIdentifier(subjectKeys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            utils.createAuthorityKeyIdentifier(identity.x509()));
            if (forServer) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(
                            GeneralName.iPAddress,
                            InetAddress.getLoopbackAddress().getHostAddress())
                }));
            }
            return save(fileName, sign(builder, keys.getPrivate()), subjectKeys.getPrivate());
        }
    }

    private Identity save(String fileName, X509Certificate certificate, PrivateKey key) throws IOException {
        Path certificateFile = directory.resolve(fileName + ".pem");
        Path keyFile = directory.resolve(fileName + ".key");
        writePem(certificateFile, certificate);
        writePem(keyFile, new JcaPKCS8Generator(key, null));
        return new Identity(certificateFile, keyFile, certificate, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void writeEncrypted(Path file, PrivateKey key, String password) throws IOException {
        try {
            JceOpenSSLPKCS8EncryptorBuilder encryptor =
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC);
            encryptor.setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray());
            writePem(file, new JcaPKCS8Generator(key, encryptor.build()));
        } catch (OperatorCreationException e) {
            throw new IOException("cannot encrypt a key", e);
        }
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }
}
