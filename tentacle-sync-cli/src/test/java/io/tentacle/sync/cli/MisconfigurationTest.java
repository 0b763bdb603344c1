package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.SslContext;
import io.tentacle.testing.TestFiles;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every set-up mistake of issue 13, run through the command as an administrator runs it: the exit
 * status, and the words that name the cause. Each case builds its own incoming directory.
 */
class MisconfigurationTest {
    @TempDir
    Path tmp;

    private Path incoming;
    private TestPki pki;

    @BeforeEach
    void setUp() throws IOException {
        incoming = Files.createDirectories(tmp.resolve("data_in"));
    }

    /** Minted only for the cases that use it: a second each. */
    private TestPki pki() throws IOException {
        if (pki == null) {
            pki = TestPki.create(Files.createDirectories(tmp.resolve("pki")));
        }
        return pki;
    }

    /** What was expected of one mistake. */
    record Outcome(int exit, String stream, String words) {}

    enum Mistake {
        MISSING_CONFIG_FILE(new Outcome(2, "err", "cannot read the configuration")),
        MISSING_INCOMINGDIR(new Outcome(2, "err", "line 3: incomingdir: the incoming directory")),
        INCOMINGDIR_IS_A_FILE(new Outcome(2, "err", "line 3: incomingdir: ")),
        MISSPELLED_KEYS(
                new Outcome(1, "err", "line 4: sync_timout: unknown key, ignored (did you mean sync_timeout?)")),
        SEMICOLON_IN_ADDRESS(new Outcome(
                2,
                "err",
                "line 2: sync_address: 'a;b' is not a host: ';' cannot be in a host name;"
                        + " separate remotes with commas")),
        EXPIRED_CERTIFICATE(new Outcome(2, "err", "sync_cert: the certificate ")),
        KEY_OF_ANOTHER_CERTIFICATE(new Outcome(2, "err", "does not belong to the certificate")),
        UNKNOWN_HOST(new Outcome(1, "out", "UNREACHABLE")),
        PLAIN_PULLER_TLS_REMOTE(new Outcome(1, "out", "FAILED")),
        TLS_PULLER_PLAIN_REMOTE(new Outcome(1, "out", "FAILED")),
        WRONG_PASSWORD(new Outcome(1, "out", "FAILED")),
        CERTIFICATE_REFUSED(new Outcome(1, "out", "FAILED")),
        REFERENCE_WITHOUT_FILTER_DIRECTORY(new Outcome(1, "out", "FAILED")),
        REFERENCE_LISTING_ITS_DIRECTORIES(new Outcome(0, "out", "ok, pulled 0 file(s) 0 bytes, pushed 0"));

        final Outcome outcome;

        Mistake(Outcome outcome) {
            this.outcome = outcome;
        }
    }

    private Path conf(String... lines) throws IOException {
        return Files.write(tmp.resolve("pandora_server.conf"), List.of(lines));
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private SslContext serverTls(boolean requireClientCertificate) throws IOException {
        return TlsContexts.forServer(
                pki().server().certificate(),
                pki().server().key(),
                null,
                requireClientCertificate ? pki().caCertificate() : null,
                List.of(),
                List.of());
    }

    /** The reference Perl server, as far as the puller sees it: listing, no DEL, a dropped connection on a failed write. */
    private static FakeRemote reference(List<String> listing, boolean canWrite) throws IOException {
        byte[] names =
                listing.stream().map(n -> n + "\n").reduce("", String::concat).getBytes(StandardCharsets.UTF_8);
        return new FakeRemote(c -> {
            for (String line; (line = c.readLine()) != null; ) {
                if (line.startsWith("LS ")) {
                    c.writeLine("LS SIZE " + names.length);
                    if ("LS OK".equals(c.readLine()) && names.length > 0) {
                        c.write(names);
                    }
                } else if (line.startsWith("MV ")) {
                    c.writeLine("MV ERR");
                } else if (line.startsWith("RECV ")) {
                    c.writeLine("RECV ERR (file does not exist)");
                } else if (line.startsWith("SEND ") && !canWrite) {
                    return; // "Cannot open file ... for writing": the reference drops the connection.
                } else if (line.startsWith("QUIT")) {
                    return;
                } else {
                    return;
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mistake.class)
    @Timeout(60)
    void eachMistakeIsNamed(Mistake mistake) throws Exception {
        List<AutoCloseable> remotes = new ArrayList<>();
        try {
            List<String> args = new ArrayList<>(List.of("-c"));
            String in = "incomingdir " + incoming;
            String dead = "sync_address 127.0.0.1:" + deadPort();
            List<String> words = new ArrayList<>();
            switch (mistake) {
                case MISSING_CONFIG_FILE -> {
                    args.add(tmp.resolve("pandora_server.cnf").toString());
                    words.add(tmp.resolve("pandora_server.cnf") + ": does not exist");
                }
                case MISSING_INCOMINGDIR -> {
                    args.add(conf("syncserver 1", dead, "incomingdir " + tmp.resolve("data_ni"))
                            .toString());
                    words.add("'" + tmp.resolve("data_ni") + "' does not exist");
                }
                case INCOMINGDIR_IS_A_FILE -> {
                    Path file = Files.writeString(tmp.resolve("data_file"), "x");
                    args.add(conf("syncserver 1", dead, "incomingdir " + file).toString());
                    words.add("'" + file + "' is not a directory");
                }
                case MISSPELLED_KEYS -> {
                    args.add(conf(
                                    "syncserver 1",
                                    dead,
                                    in,
                                    "sync_timout 5",
                                    "sync_retires 0",
                                    "sync_retries 0",
                                    "dbname pandora")
                            .toString());
                    words.add("line 5: sync_retires: unknown key, ignored (did you mean sync_retries?)");
                }
                case SEMICOLON_IN_ADDRESS ->
                    args.add(conf("syncserver 1", "sync_address a;b", in).toString());
                case EXPIRED_CERTIFICATE -> {
                    args.add(conf(
                                    "syncserver 1",
                                    dead,
                                    in,
                                    "sync_cert " + pki().expiredClient().certificate(),
                                    "sync_key " + pki().expiredClient().key())
                            .toString());
                    words.add("expired on");
                }
                case KEY_OF_ANOTHER_CERTIFICATE ->
                    args.add(conf(
                                    "syncserver 1",
                                    dead,
                                    in,
                                    "sync_cert " + pki().client().certificate(),
                                    "sync_key " + pki().server().key())
                            .toString());
                case UNKNOWN_HOST -> {
                    args.add(conf("syncserver 1", "sync_address no-such-host.invalid", in, "sync_retries 0")
                            .toString());
                    words.add("unknown host: the name no-such-host.invalid cannot be resolved");
                }
                case PLAIN_PULLER_TLS_REMOTE -> {
                    RemoteServer remote =
                            new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, serverTls(false));
                    remotes.add(remote);
                    args.add(conf("syncserver 1", "sync_address " + remote.address(), in)
                            .toString());
                    words.add("the remote speaks TLS: set sync_ca/sync_cert");
                }
                case TLS_PULLER_PLAIN_REMOTE -> {
                    RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null);
                    remotes.add(remote);
                    args.add(conf(
                                    "syncserver 1",
                                    "sync_address " + remote.address(),
                                    in,
                                    "sync_ca " + pki().caCertificate())
                            .toString());
                    words.add("the remote does not speak TLS");
                }
                case WRONG_PASSWORD -> {
                    RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), "right", null);
                    remotes.add(remote);
                    args.add(conf("syncserver 1", "sync_address " + remote.address(), in, "sync_password wrong")
                            .toString());
                    words.add("authentication failed (check sync_password)");
                }
                case CERTIFICATE_REFUSED -> {
                    RemoteServer remote =
                            new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, serverTls(true));
                    remotes.add(remote);
                    args.add(conf(
                                    "syncserver 1",
                                    "sync_address " + remote.address(),
                                    in,
                                    "sync_ca " + pki().caCertificate(),
                                    "sync_cert " + pki().foreignClient().certificate(),
                                    "sync_key " + pki().foreignClient().key(),
                                    "sync_verify_hostname 0")
                            .toString());
                    args.add("-v");
                    words.add("certificate refused");
                }
                case REFERENCE_WITHOUT_FILTER_DIRECTORY -> {
                    FakeRemote remote = reference(List.of(), false);
                    remotes.add(remote);
                    TestFiles.write(incoming.resolve("collections/c.zip"), "zip".getBytes(StandardCharsets.UTF_8));
                    args.add(conf("syncserver 1", "sync_address " + remote.address(), in, "sync_retries 0")
                            .toString());
                    words.add("cannot push collections/c.zip");
                    words.add("create collections/ there");
                }
                case REFERENCE_LISTING_ITS_DIRECTORIES -> {
                    FakeRemote remote = reference(List.of("conf", "md5", "collections"), true);
                    remotes.add(remote);
                    args.add(conf("syncserver 1", "sync_address " + remote.address(), in, "sync_push_dirs")
                            .toString());
                }
            }

            Cli cli = Cli.run(args.toArray(String[]::new));

            String said = mistake.outcome.stream().equals("err") ? cli.err() : cli.out();
            assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(mistake.outcome.exit());
            assertThat(said).as(cli.out() + cli.err()).contains(mistake.outcome.words());
            words.forEach(w -> assertThat(said).as(cli.out() + cli.err()).contains(w));
            assertThat(cli.out() + cli.err()).doesNotContain("Exception", "vanished");
            if (mistake == Mistake.CERTIFICATE_REFUSED) {
                assertThat(cli.out() + cli.err())
                        .as("a refused certificate is not retried")
                        .doesNotContain("try 2 of");
            }
            if (mistake == Mistake.MISSING_INCOMINGDIR) {
                assertThat(tmp.resolve("data_ni")).doesNotExist();
            }
        } finally {
            for (AutoCloseable remote : remotes) {
                remote.close();
            }
        }
    }

    /** Root writes anywhere: this one runs as an ordinary user only. */
    @Test
    void aReadOnlyIncomingDirectoryIsRefused() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        // Root writes through any mode: for root the directory is a read-only mount instead.
        if (root) {
            assumeTrue(
                    command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", incoming.toString()) == 0,
                    "cannot mount a read-only tmpfs here");
        } else {
            Files.setPosixFilePermissions(incoming, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            Cli cli = Cli.run(
                    "-c",
                    conf("syncserver 1", "sync_address 127.0.0.1:" + deadPort(), "incomingdir " + incoming)
                            .toString());
            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.err())
                    .contains("line 3: incomingdir: the incoming directory '" + incoming + "' "
                            + (root ? "is on a read-only file system" : "is not writable by the user"));
        } finally {
            if (root) {
                command("umount", "-l", incoming.toString());
            } else {
                Files.setPosixFilePermissions(incoming, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static int command(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }

    @Test
    void everyKeyTheSettingsReadIsKnownSoNoneIsWarnedAbout() throws Exception {
        PandoraConf conf = PandoraConf.read(conf("syncserver 1", "sync_address a", "incomingdir " + incoming));
        assertThat(SyncSettings.KNOWN_KEYS)
                .containsAll(SyncSettings.keysRead(conf).stream()
                        .filter(k -> k.startsWith("sync_"))
                        .toList());
    }
}
