package io.tentacle.sync.cli;

import io.netty.handler.ssl.SslContext;
import io.tentacle.Failures;
import io.tentacle.sync.Parallelism;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.tls.CertificateCheck;
import io.tentacle.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Turns {@code pandora_server.conf} keys and command-line overrides, as {@link SyncOptions} declares
 * them, into a {@link SyncConfig}.
 */
final class SyncSettings {
    /**
     * Every {@code sync_*} key this tool reads: any other one in the file is a misspelling worth a
     * warning. {@code MisconfigurationTest} checks every key {@link #resolve} reads is declared.
     */
    static final List<String> KNOWN_KEYS = SyncOptions.ALL.stream()
            .map(Definition::key)
            .filter(k -> k != null && k.startsWith("sync_"))
            .toList();

    /** A value given on the command line for a key, and the option that gave it. */
    record Override(String value, String option) {}

    /** A key's value and where it came from: the option that overrode it, or the file's line. */
    record Source(String value, String where) {}

    /** A file named by a key, and where: TLS files are read only when the config is built. */
    record FileSetting(Path path, String where) {}

    /**
     * Everything read, checked for form. {@link #toSyncConfig} also reads the TLS files.
     *
     * @param enabled {@code tentacle_sync} when set, else {@code syncserver}: false means no synchronisation is wanted
     */
    record Settings(
            boolean enabled,
            List<Remote> remotes,
            Path incomingDir,
            Duration interval,
            int retries,
            Duration timeout,
            int blockSize,
            Parallelism connections,
            int maxQueueFiles,
            long maxSize,
            long maxListBytes,
            List<String> pushDirs,
            String password,
            FileSetting ca,
            FileSetting cert,
            FileSetting key,
            boolean verifyHostname,
            boolean compress,
            SftpSettings sftp,
            int maxRemotesAtOnce,
            int maxConnections) {

        SyncConfig toSyncConfig() throws ConfigException {
            SyncConfig.Builder builder = SyncConfig.builder(incomingDir)
                    .remotes(remotes)
                    .retries(retries)
                    .timeout(timeout)
                    .maxLineLength(blockSize)
                    .connections(connections)
                    .maxQueueFiles(maxQueueFiles)
                    .maxSize(maxSize)
                    .maxListBytes(maxListBytes)
                    .pushDirs(pushDirs)
                    .password(password)
                    .compress(compress)
                    .maxRemotesAtOnce(maxRemotesAtOnce)
                    .maxConnections(maxConnections);
            if (ca != null || cert != null) {
                FileSetting blamed = cert != null ? cert : ca;
                for (FileSetting f : java.util.Arrays.asList(ca, cert, key)) {
                    if (f != null && !Files.isReadable(f.path())) {
                        throw new ConfigException(f.where() + ": cannot read '" + f.path() + "'");
                    }
                }
                if (ca != null) {
                    try {
                        TlsContexts.checkCaFile(ca.path());
                    } catch (SSLException e) {
                        throw new ConfigException(
                                ca.where() + ": cannot use CA file '" + ca.path() + "': " + e.getMessage());
                    }
                }
                try {
                    SslContext tls = TlsContexts.forClient(
                            cert == null ? null : cert.path(),
                            key == null ? null : key.path(),
                            null,
                            ca == null ? null : ca.path(),
                            List.of(),
                            List.of());
                    builder.tls(tls).verifyHostname(verifyHostname && ca != null);
                } catch (Exception e) {
                    throw new ConfigException(blamed.where() + ": cannot set up TLS from sync_cert/sync_key/sync_ca: "
                            + Failures.describe(e));
                }
            }
            return builder.build();
        }
    }

    private final PandoraConf conf;
    private final Map<String, Override> overrides;
    private final Set<String> read = new java.util.TreeSet<>();

    private SyncSettings(PandoraConf conf, Map<String, Override> overrides) {
        this.conf = conf;
        this.overrides = overrides;
    }

    /**
     * Why this tool should not run, read first: a disabled puller needs no other sync key to be valid.
     * {@code tentacle_sync} (this tool's) decides when it is set, so that on Pandora FMS Enterprise
     * {@code syncserver 0} keeps Enterprise's own Sync server stopped while {@code tentacle_sync 1} runs
     * this one; otherwise {@code syncserver} does, as on the open-source server.
     *
     * @return empty when enabled
     */
    static Optional<String> whyDisabled(PandoraConf conf, Map<String, Override> overrides) throws ConfigException {
        SyncSettings settings = new SyncSettings(conf, overrides);
        Optional<Source> own = settings.source(SyncOptions.TENTACLE_SYNC);
        if (own.isPresent()) {
            return settings.enabled() ? Optional.empty() : Optional.of(own.get().where() + " is 0");
        }
        return settings.enabled()
                ? Optional.empty()
                : Optional.of("neither syncserver nor tentacle_sync is 1 in " + conf.file());
    }

    private boolean enabled() throws ConfigException {
        return source(SyncOptions.TENTACLE_SYNC).isPresent()
                ? value(SyncOptions.TENTACLE_SYNC)
                : value(SyncOptions.SYNCSERVER);
    }

    /** The key's value from the command line, else from the file; empty when neither sets it. */
    static Optional<Source> source(PandoraConf conf, Map<String, Override> overrides, Definition<?> definition) {
        return new SyncSettings(conf, overrides).source(definition);
    }

    static Settings resolve(PandoraConf conf, Map<String, Override> overrides) throws ConfigException {
        return new SyncSettings(conf, overrides).resolve();
    }

    /** The keys {@link #resolve} reads, for the test that keeps {@link #KNOWN_KEYS} complete. */
    static Set<String> keysRead(PandoraConf conf) throws ConfigException {
        SyncSettings settings = new SyncSettings(conf, Map.of());
        settings.resolve();
        return settings.read;
    }

    /**
     * The incoming directory must exist and take files. It is never created: a missing or mistyped
     * {@code incomingdir} would collect files where Pandora's data server never looks.
     */
    static void checkIncomingDir(PandoraConf conf, Map<String, Override> overrides, Path dir) throws ConfigException {
        String where = new SyncSettings(conf, overrides)
                .source(SyncOptions.INCOMING_DIR)
                .map(Source::where)
                .orElse("incomingdir (not set, the default)");
        if (!Files.exists(dir)) {
            throw new ConfigException(
                    where + ": the incoming directory '" + dir + "' does not exist; correct the path, "
                            + "or create it if Pandora's data server reads it (tentacle-sync does not create it)");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(where + ": '" + dir + "' is not a directory");
        }
        if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new ConfigException(where + ": the incoming directory '" + dir + "' " + whyNotWritable(dir)
                    + "; pulled files could not be stored");
        }
    }

    private static String whyNotWritable(Path dir) {
        try {
            if (Files.getFileStore(dir).isReadOnly()) {
                return "is on a read-only file system";
            }
        } catch (java.io.IOException e) {
            // Then the permissions are the likeliest cause.
        }
        return "is not writable by the user " + System.getProperty("user.name") + " (check its owner and mode)";
    }

    /**
     * Checks the client certificate and key now, as the handshake would later: expired, not yet valid,
     * or a key that does not belong to it is a configuration error.
     *
     * @return a warning when the certificate expires soon
     */
    static Optional<String> checkClientCertificate(Settings settings, java.time.Instant now) throws ConfigException {
        if (settings.cert() == null
                || settings.key() == null
                || !Files.isReadable(settings.cert().path())
                || !Files.isReadable(settings.key().path())) {
            return Optional.empty(); // toSyncConfig names an unreadable file.
        }
        try {
            return CertificateCheck.check(settings.cert().path(), settings.key().path(), null, now)
                    .map(w -> settings.cert().where() + ": " + w);
        } catch (CertificateCheck.Unusable e) {
            throw new ConfigException(settings.cert().where() + ": " + e.getMessage());
        }
    }

    /**
     * A warning for each {@code sync_*} key of the file this tool does not know, with the known key
     * nearest in spelling. Other keys (the rest of Pandora's server) are not this tool's business.
     */
    static List<String> unknownKeyWarnings(PandoraConf conf) {
        List<String> warnings = new ArrayList<>();
        for (PandoraConf.Entry entry : conf.entries()) {
            if (entry.key().startsWith("sync_") && !KNOWN_KEYS.contains(entry.key())) {
                warnings.add(entry.where() + ": unknown key, ignored (did you mean " + closest(entry.key()) + "?)");
            }
        }
        return warnings;
    }

    private static String closest(String key) {
        String best = KNOWN_KEYS.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KNOWN_KEYS) {
            int d = editDistance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, transpositions counted as one edit ({@code sync_retires}). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private Settings resolve() throws ConfigException {
        boolean enabled = enabled();
        int port = value(SyncOptions.PORT);
        List<Remote> remotes = remotes(port);
        Path incoming = source(SyncOptions.INCOMING_DIR)
                .filter(s -> !s.value().isEmpty())
                .map(s -> Path.of(s.value()))
                .orElse(SyncOptions.INCOMING_DIR.fallback());
        int interval = value(SyncOptions.INTERVAL);
        String password = source(SyncOptions.PASSWORD)
                .map(Source::value)
                .filter(p -> !p.isEmpty())
                .orElse(null);
        FileSetting ca = file(SyncOptions.CA);
        FileSetting cert = file(SyncOptions.CERT);
        FileSetting key = file(SyncOptions.KEY);
        if ((cert == null) != (key == null)) {
            FileSetting given = cert != null ? cert : key;
            throw new ConfigException(given.where() + ": sync_cert and sync_key go together; set both or neither");
        }
        boolean verify = find(SyncOptions.VERIFY_HOSTNAME).orElse(ca != null);
        int maxConnections = value(SyncOptions.MAX_CONNECTIONS);
        int remotesAtOnce = find(SyncOptions.MAX_REMOTES_AT_ONCE)
                .orElse(Math.min(SyncOptions.MAX_REMOTES_AT_ONCE.fallback(), maxConnections));
        if (remotesAtOnce > maxConnections) {
            throw new ConfigException(
                    source(SyncOptions.MAX_REMOTES_AT_ONCE).get().where() + ": "
                            + remotesAtOnce + " is more than sync_max_connections (" + maxConnections
                            + "), and each remote in work"
                            + " holds a connection: lower it or raise sync_max_connections");
        }
        return new Settings(
                enabled,
                remotes,
                incoming,
                Duration.ofSeconds(interval),
                value(SyncOptions.RETRIES),
                Duration.ofSeconds(value(SyncOptions.TIMEOUT)),
                value(SyncOptions.BLOCK_SIZE),
                connections(),
                value(SyncOptions.MAX_QUEUE_FILES),
                value(SyncOptions.MAX_SIZE),
                value(SyncOptions.MAX_LIST_BYTES),
                pushDirs(),
                password,
                ca,
                cert,
                key,
                verify,
                value(SyncOptions.COMPRESS),
                sftp(),
                remotesAtOnce,
                maxConnections);
    }

    /** The {@code sftp://} entries of {@code sync_address} and their keys; reads the files only when the drops are made. */
    private SftpSettings sftp() throws ConfigException {
        Optional<Source> s = source(SyncOptions.ADDRESS);
        List<SftpAddress> drops = new ArrayList<>();
        for (String entry : s.map(Source::value).orElse("").split(",")) {
            if (SftpAddress.isSftp(entry)) {
                try {
                    SftpAddress address = SftpAddress.parse(entry);
                    if (drops.stream().anyMatch(d -> d.remote().equals(address.remote()))) {
                        throw new ConfigException(s.get().where() + ": two sftp:// remotes on "
                                + address.remote().label() + "; give each host and port once");
                    }
                    drops.add(address);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(s.get().where() + ": " + e.getMessage());
                }
            }
        }
        FileSetting key = file(SyncOptions.SFTP_KEY);
        FileSetting knownHosts = file(SyncOptions.SFTP_KNOWN_HOSTS);
        if (!drops.isEmpty() && key == null) {
            throw new ConfigException(s.get().where() + ": an sftp:// remote needs sync_sftp_key, the private key"
                    + " file the puller logs in with");
        }
        if (!drops.isEmpty() && knownHosts == null) {
            throw new ConfigException(
                    s.get().where() + ": an sftp:// remote needs sync_sftp_known_hosts, a known_hosts"
                            + " file holding the drops' host keys (ssh-keyscan -p PORT HOST >> FILE, after checking the fingerprint)");
        }
        return new SftpSettings(
                served(drops, SftpAddress::remote), key, knownHosts, Duration.ofSeconds(value(SyncOptions.MIN_AGE)));
    }

    private Optional<Source> source(Definition<?> definition) {
        String key = definition.key();
        read.add(key);
        Override o = overrides.get(key);
        if (o != null) {
            return Optional.of(new Source(o.value(), "option " + o.option()));
        }
        return conf.get(key).map(e -> new Source(e.value(), e.where()));
    }

    /** The value when given or set, checked; else empty. */
    private <T> Optional<T> find(Definition<T> definition) throws ConfigException {
        Optional<Source> s = source(definition);
        return s.isEmpty()
                ? Optional.empty()
                : Optional.of(definition.parse().apply(s.get().value(), s.get().where()));
    }

    /** The value when given or set, checked; else the default. */
    private <T> T value(Definition<T> definition) throws ConfigException {
        return find(definition).orElse(definition.fallback());
    }

    /** {@code sync_connections}: {@code auto} (the default) or a number from 1 to {@link Parallelism#MAX}. */
    private Parallelism connections() throws ConfigException {
        Optional<Source> s = source(SyncOptions.CONNECTIONS);
        if (s.isEmpty() || s.get().value().equalsIgnoreCase("auto")) {
            return Parallelism.auto();
        }
        try {
            long n = Long.parseLong(s.get().value());
            if (n >= 1 && n <= Parallelism.MAX) {
                return Parallelism.of((int) n);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new ConfigException(s.get().where() + ": '" + s.get().value()
                + "' is not 'auto' or a whole number from 1 to " + Parallelism.MAX);
    }

    private List<Remote> remotes(int port) throws ConfigException {
        Optional<Source> s = source(SyncOptions.ADDRESS);
        if (s.isEmpty() || s.get().value().isBlank()) {
            String where = s.map(Source::where).orElse(conf.file().getFileName() + ": sync_address");
            throw new ConfigException(
                    where
                            + ": no remote server to synchronise with (a comma-separated list of host, host:port or [v6]:port)");
        }
        Set<Remote> remotes = new LinkedHashSet<>();
        boolean drops = false;
        for (String entry : s.get().value().split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            if (SftpAddress.isSftp(entry)) {
                drops = true; // An SSH drop: see sftp().
                continue;
            }
            Optional<String> stray = strayCharacter(entry.strip());
            if (stray.isPresent()) {
                throw new ConfigException(s.get().where() + ": '" + entry.strip() + "' is not a host: " + stray.get()
                        + " cannot be in a host name; separate remotes with commas (host1,host2:port)");
            }
            try {
                remotes.add(Remote.parse(entry, port));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.get().where() + ": " + e.getMessage());
            }
        }
        if (remotes.isEmpty() && !drops) {
            throw new ConfigException(
                    s.get().where() + ": no remote server in '" + s.get().value() + "'");
        }
        return served(new ArrayList<>(remotes), r -> r);
    }

    /**
     * {@code sync_shard K/N}: this instance's share of {@code sync_address}, or empty when it serves
     * every remote. Read apart from the rest so that {@code --dry-run} can say it.
     */
    static Optional<Shard> shard(PandoraConf conf, Map<String, Override> overrides) throws ConfigException {
        return new SyncSettings(conf, overrides).shard();
    }

    private Optional<Shard> shard() throws ConfigException {
        Optional<Source> s = source(SyncOptions.SHARD);
        if (s.isEmpty() || s.get().value().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Shard.parse(s.get().value()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.get().where() + ": " + e.getMessage());
        }
    }

    /** The remotes of this instance's shard: selected here, before anything reaches the engine. */
    private <T> List<T> served(List<T> all, Function<T, Remote> address) throws ConfigException {
        Optional<Shard> shard = shard();
        return shard.isPresent() ? shard.get().select(all, address) : all;
    }

    /** A character no host, address or {@code [v6]:port} holds: a wrong separator, most likely. */
    private static Optional<String> strayCharacter(String entry) {
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            boolean fits = c < 128 && (Character.isLetterOrDigit(c) || ".-_:[]%".indexOf(c) >= 0);
            if (!fits) {
                return Optional.of(Character.isWhitespace(c) ? "white space" : "'" + c + "'");
            }
        }
        return Optional.empty();
    }

    private List<String> pushDirs() throws ConfigException {
        Optional<Source> s = source(SyncOptions.PUSH_DIRS);
        if (s.isEmpty()) {
            return SyncConfig.DEFAULT_PUSH_DIRS;
        }
        List<String> dirs = new ArrayList<>();
        for (String entry : s.get().value().split(",")) {
            String dir = entry.strip();
            if (dir.isEmpty()) {
                continue;
            }
            if (dir.startsWith(".") || dir.contains("/") || dir.contains("\\")) {
                throw new ConfigException(
                        s.get().where() + ": '" + dir + "' must be a subdirectory name of the incoming directory");
            }
            dirs.add(dir);
        }
        return dirs;
    }

    private FileSetting file(Definition<String> definition) {
        Optional<Source> s = source(definition);
        if (s.isEmpty() || s.get().value().isEmpty()) {
            return null;
        }
        return new FileSetting(Path.of(s.get().value()), s.get().where());
    }
}
