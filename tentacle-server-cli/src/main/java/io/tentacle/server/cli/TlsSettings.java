package io.tentacle.server.cli;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.tentacle.Failures;
import io.tentacle.tls.TlsContexts;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/** Turns the TLS settings into SslContexts, failing at start, in one line, for anything a handshake would trip on. */
final class TlsSettings {
    private static final Duration EXPIRY_NOTICE = Duration.ofDays(30);
    private static final DateTimeFormatter EXPIRY_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TlsSettings() {}

    /** {@code TLSv1_3}, or a list such as {@code TLSv1_2:TLSv1_3}; empty for TLS 1.2 and 1.3. */
    static List<String> protocols(Optional<Setting> version) {
        if (version.isEmpty()) {
            return List.of();
        }
        Setting s = version.get();
        try {
            return Arrays.stream(s.value().split("[:,\\s]+"))
                    .filter(v -> !v.isBlank())
                    .map(TlsContexts::protocolName)
                    .toList();
        } catch (IllegalArgumentException e) {
            throw s.invalid(e.getMessage());
        }
    }

    /** An OpenSSL cipher list ({@code AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256}) or Java names. */
    static List<String> ciphers(Optional<Setting> cipher) {
        if (cipher.isEmpty()) {
            return List.of();
        }
        Setting s = cipher.get();
        Set<String> supported = supportedCiphers();
        List<String> names = Arrays.stream(s.value().split("[:,\\s]+"))
                .filter(c -> !c.isBlank())
                .toList();
        for (String name : names) {
            if (!supported.contains(TlsContexts.cipherName(name))) {
                throw s.invalid(
                        "'" + name + "' is not a cipher suite this Java runtime supports"
                                + " (name suites, e.g. ECDHE-RSA-AES256-GCM-SHA384; OpenSSL rules such as HIGH or !aNULL are not understood)");
            }
        }
        return names;
    }

    static SslContext server(
            Path cert, Path key, String keyPassword, Path ca, List<String> protocols, List<String> ciphers) {
        checkCa(ca);
        if (PemKeys.isEncrypted(key)) {
            if (keyPassword == null) {
                throw new CliException("the private key " + key + " is encrypted: give its password with -w"
                        + " (asked on the terminal; key: ssl_password 1) or --ssl-password-file file");
            }
            PemKeys.checkPassword(key, keyPassword);
        }
        SslContext context = build(
                "cannot use certificate " + cert + " with key " + key,
                () -> TlsContexts.forServer(cert, key, keyPassword, ca, protocols, ciphers));
        PemKeys.checkPair(cert.toFile(), key.toFile(), keyPassword);
        return context;
    }

    static SslContext client(Path cert, Path key, Path ca) {
        checkCa(ca);
        if (cert != null && PemKeys.isEncrypted(key)) {
            throw new CliException("the private key " + key + " is encrypted: --proxy-key takes an unencrypted key"
                    + " (openssl pkey -in " + key + " -out plain.key)");
        }
        if (cert != null) {
            PemKeys.checkPair(cert.toFile(), key.toFile(), null);
        }
        return build(
                "cannot set up TLS toward the upstream server",
                () -> TlsContexts.forClient(cert, key, null, ca, List.of(), List.of()));
    }

    /**
     * A certificate past or near its end still starts the server (the reference's clients do not
     * check it), but the operator hears of it at every start, before agents that check it stop.
     */
    static Optional<String> expiryWarning(Path certificate, Instant now) {
        Instant end = PemKeys.certificate(certificate).getNotAfter().toInstant();
        String date = EXPIRY_DATE.format(end);
        if (!end.isAfter(now)) {
            return Optional.of("certificate " + certificate + " expired on " + date
                    + ": clients that check it refuse the connection; renew it");
        }
        if (end.isBefore(now.plus(EXPIRY_NOTICE))) {
            long days = Duration.between(now, end).toDays();
            return Optional.of("certificate " + certificate + " expires on " + date + " (in " + days
                    + (days == 1 ? " day" : " days") + "): renew it before then");
        }
        return Optional.empty();
    }

    /** A bad CA file is named as such, not taken for a problem with the certificate and key. */
    private static void checkCa(Path ca) {
        if (ca == null) {
            return;
        }
        try {
            TlsContexts.checkCaFile(ca);
        } catch (SSLException e) {
            throw new CliException("cannot use CA file " + ca + ": " + e.getMessage());
        }
    }

    private interface ContextFactory {
        SslContext create() throws Exception;
    }

    private static SslContext build(String what, ContextFactory factory) {
        try {
            SslContext context = factory.create();
            // An engine applies protocols and ciphers: a bad one fails here, not at each client's handshake.
            SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
            engine.closeOutbound();
            return context;
        } catch (Exception e) {
            throw new CliException(what + ": " + Failures.describe(e));
        }
    }

    private static Set<String> supportedCiphers() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has a default TLS context", e);
        }
    }
}
