package io.tentacle.server.cli;

import java.util.Optional;
import java.util.Set;

/** Looks a setting up on the command line first, then in the configuration file. */
final class Settings {
    /** Every key of the reference's file, and ours ({@code block_size}, {@code invalid_chars}, {@code fsync}, {@code max_connections_per_address}). */
    static final Set<String> KEYS = Set.of("addresses", "port", "max_connections", "daemon", "insecure", "filters",
        "max_size", "overwrite", "quiet", "retries", "directory", "proxy_ip", "proxy_port", "timeout", "verbose",
        "log_file", "password", "ssl_cert", "ssl_ca", "ssl_key", "ssl_password", "use_libwrap", "ssl_version",
        "ssl_cipher", "block_size", "invalid_chars", "fsync", "max_connections_per_address",
        "sftp_port", "sftp_host_key", "sftp_authorized_keys", "sftp_user", "ftp_port", "ftp_user", "ftp_password_file",
        "ftp_passive_ports", "ftp_tls",
        "report_agent", "report_interval", "metrics");

    private final ConfigFile file;

    Settings(ConfigFile file) {
        this.file = file;
    }

    /** The option's value when given, else the key's. */
    Optional<Setting> get(String cliValue, String option, String key) {
        if (cliValue != null) {
            return Optional.of(new Setting(cliValue, "option " + option));
        }
        return fromFile(key);
    }

    Optional<Setting> fromFile(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return file.get(key).map(e -> new Setting(e.value(), file.path() + " line " + e.line() + ", key '" + key + "'"));
    }

    /** A flag: on when given; otherwise whatever the key says (1 or 0). */
    boolean flag(boolean cliValue, String key) {
        return cliValue || fromFile(key).map(Setting::asBoolean).orElse(false);
    }

    /** A cause in words: the innermost message, without a stack trace. */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file " + message;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + message;
        }
        return message;
    }
}
