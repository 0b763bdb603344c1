package io.tentacle.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * PEM files to Netty {@link SslContext}s. Keys may be PKCS#1, PKCS#8 or encrypted: Netty reads them
 * through Bouncy Castle, which is on the class path.
 */
public final class TlsContexts {
    /** TLS 1.2 and 1.3 unless the operator pins a version. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {}

    /**
     * A server context. With a {@code ca}, clients must present a certificate that chains to it.
     *
     * @param protocols e.g. {@code TLSv1.3} or the reference's {@code TLSv1_3}; empty for the default
     * @param ciphers OpenSSL or Java cipher-suite names; empty for the JDK's default list
     */
    public static SslContext forServer(
            Path certificate, Path key, String keyPassword, Path ca, List<String> protocols, List<String> ciphers)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(), key.toFile(), keyPassword)
                .sslProvider(provider());
        if (ca != null) {
            builder.trustManager(CaTrust.load(ca, provider())).clientAuth(ClientAuth.REQUIRE);
        }
        return configure(builder, protocols, ciphers).build();
    }

    /**
     * A client context. Without a {@code ca} the server's certificate is not checked, as with the
     * reference client without {@code -f}; with one, it must chain to it (the host name is checked by
     * the connection).
     */
    public static SslContext forClient(
            Path certificate, Path key, String keyPassword, Path ca, List<String> protocols, List<String> ciphers)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider());
        if (certificate != null) {
            builder.keyManager(certificate.toFile(), key.toFile(), keyPassword);
        }
        if (ca != null) {
            builder.trustManager(CaTrust.load(ca, provider()));
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        return configure(builder, protocols, ciphers).build();
    }

    /** Reads a CA file as {@link #forServer} and {@link #forClient} would; says what is wrong with it. */
    public static void checkCaFile(Path ca) throws SSLException {
        CaTrust.load(ca, SslProvider.JDK);
    }

    /**
     * BoringSSL (netty-tcnative) when it loads on this platform: its AES-GCM and handshakes cost a
     * fraction of the JDK's, which matters for large files and crowds of agents. The JDK otherwise, or
     * when the system property {@code io.tentacle.tls.provider} is {@code jdk}.
     */
    public static SslProvider provider() {
        if ("jdk".equalsIgnoreCase(System.getProperty("io.tentacle.tls.provider", ""))) {
            return SslProvider.JDK;
        }
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * A handler for a connection to {@code host}; with {@code verifyHostname} the server's certificate
     * must name that host (meaningful when the context verifies the chain against a CA).
     */
    public static SslHandler clientHandler(
            SslContext context, ByteBufAllocator alloc, String host, int port, boolean verifyHostname) {
        SslHandler handler = context.newHandler(alloc, host, port);
        // Set both ways: Netty 4.2's client contexts check the host name unless told not to.
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslContextBuilder configure(
            SslContextBuilder builder, List<String> protocols, List<String> ciphers) {
        List<String> chosen = protocols.isEmpty()
                ? DEFAULT_PROTOCOLS
                : protocols.stream().map(TlsContexts::protocolName).toList();
        builder.protocols(chosen);
        if (!ciphers.isEmpty()) {
            builder.ciphers(ciphers.stream().map(TlsContexts::cipherName).toList());
        }
        return builder;
    }

    /** Accepts the reference's spellings ({@code TLSv1_2}, {@code tlsv1.3}) and returns the JDK's. */
    public static String protocolName(String name) {
        String n = name.trim().replace('_', '.');
        String lower = n.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "tlsv1.3", "tls1.3" -> "TLSv1.3";
            case "tlsv1.2", "tls1.2" -> "TLSv1.2";
            case "tlsv1.1", "tls1.1" -> "TLSv1.1";
            case "tlsv1", "tls1", "tlsv1.0" -> "TLSv1";
            default ->
                throw new IllegalArgumentException("unknown TLS version '" + name + "' (use TLSv1_2 or TLSv1_3)");
        };
    }

    /** Accepts OpenSSL names ({@code ECDHE-RSA-AES128-GCM-SHA256}) beside Java ones. */
    public static String cipherName(String name) {
        String n = name.trim();
        String java = CipherSuiteConverter.toJava(n, "TLS");
        return java != null ? java : n;
    }
}
