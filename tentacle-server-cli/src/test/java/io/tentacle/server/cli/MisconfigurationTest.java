package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tentacle.testing.ServerProcess;
import io.tentacle.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every set-up mistake an administrator makes, run through the real {@code main} in a JVM of its
 * own: the exit status, and the words of the one line that names cause and fix. The rows' processes
 * start together when the table is built, so the table costs about one JVM start, not one per row.
 */
class MisconfigurationTest {
    private static final boolean ROOT = RootCheck.isRoot();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static ServerSocket heldPort;

    /** A mistake: what the operator typed, and what the server must answer. */
    record Row(String mistake, int exit, String stream, String words, boolean applies, Run run) {
        @Override
        public String toString() {
            return mistake;
        }
    }

    /** One run of the CLI, its stdout and stderr kept in files (no pipe to fill). */
    record Run(Process process, Path out, Path err) {
        static Run start(Path dir, String name, List<String> args) {
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            try {
                Process p = new ProcessBuilder(CliServer.command(args))
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                return new Run(p, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Stream<Row> mistakes() throws IOException {
        Path dir = Files.createTempDirectory("tentacle-mistakes");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        Path aFile = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "-----BEGIN NOTHING-----\n");
        Path wrongPassword = Files.writeString(dir.resolve("wrong-password"), "not-" + TestPki.KEY_PASSWORD + "\n");
        Path badConf = Files.writeString(dir.resolve("bad.conf"), "directory " + spool + "\nport abc\n");
        heldPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        String cert = pki.server().certificate().toString();
        String key = pki.server().key().toString();
        String expired = pki.expiredServer().certificate().toString();
        String s = spool.toString();

        List<Row> rows = new ArrayList<>();
        Table t = new Table(dir, rows);
        t.row(
                "no storage directory",
                2,
                "err",
                "a storage directory is required: -s dir (or 'directory' in the -F file), or -b host",
                "--check-config");
        t.row(
                "storage directory missing",
                2,
                "err",
                "option -s/--directory: directory " + dir.resolve("absent") + " does not exist",
                "-s",
                dir.resolve("absent").toString(),
                "--check-config");
        t.row(
                "storage directory is a file",
                2,
                "err",
                "option -s/--directory: " + aFile + " is not a directory",
                "-s",
                aFile.toString(),
                "--check-config");
        t.rowIf(
                !ROOT,
                "storage directory read-only",
                2,
                "err",
                "option -s/--directory: cannot write to directory " + readOnly,
                "-s",
                readOnly.toString(),
                "--check-config");
        t.row(
                "configuration file missing",
                2,
                "err",
                "cannot read configuration file " + dir.resolve("absent.conf"),
                "-F",
                dir.resolve("absent.conf").toString(),
                "--check-config");
        t.row(
                "bad value in the configuration file",
                2,
                "err",
                badConf + " line 2, key 'port': 'abc' is not a port number (1-65535)",
                "-F",
                badConf.toString(),
                "--check-config");
        t.row(
                "port out of range",
                2,
                "err",
                "option -p/--port: '70000' is not a port number (1-65535)",
                "-s",
                s,
                "-p",
                "70000",
                "--check-config");
        t.row(
                "address with a space",
                2,
                "err",
                "option -a/--addresses: 'a b' is not an address or host name",
                "-s",
                s,
                "-a",
                "a b",
                "--check-config");
        t.row(
                "address that does not resolve",
                2,
                "err",
                "option -a/--addresses: cannot resolve address 'no-such-host.invalid'",
                "-s",
                s,
                "-a",
                "no-such-host.invalid",
                "--check-config");
        t.row(
                "certificate file missing",
                2,
                "err",
                "option -e/--ssl-cert: file " + dir.resolve("absent.pem") + " does not exist",
                "-s",
                s,
                "-e",
                dir.resolve("absent.pem").toString(),
                "--check-config");
        t.row(
                "key without a certificate",
                2,
                "err",
                "option -k/--ssl-key: needs a certificate (-e or ssl_cert) to enable TLS",
                "-s",
                s,
                "-k",
                key,
                "--check-config");
        t.row(
                "key file that holds no key",
                2,
                "err",
                "cannot use certificate " + cert + " with key " + notAKey,
                "-s",
                s,
                "-e",
                cert,
                "-k",
                notAKey.toString(),
                "--check-config");
        t.row(
                "key of another certificate",
                2,
                "err",
                "the private key " + pki.client().key() + " does not belong to the certificate " + cert,
                "-s",
                s,
                "-e",
                cert,
                "-k",
                pki.client().key().toString(),
                "--check-config");
        t.row(
                "encrypted key without -w",
                2,
                "err",
                "the private key " + pki.serverEncryptedKey()
                        + " is encrypted: give its password with -w (asked on the terminal; key: ssl_password 1) or --ssl-password-file file",
                "-s",
                s,
                "-e",
                cert,
                "-k",
                pki.serverEncryptedKey().toString(),
                "--check-config");
        t.row(
                "wrong password of an encrypted key",
                2,
                "err",
                "cannot decrypt the private key " + pki.serverEncryptedKey()
                        + " with the password given: is it the right password?",
                "-s",
                s,
                "-e",
                cert,
                "-k",
                pki.serverEncryptedKey().toString(),
                "--ssl-password-file",
                wrongPassword.toString(),
                "--check-config");
        t.row(
                "OpenSSL cipher rule",
                2,
                "err",
                "'HIGH' is not a cipher suite this Java runtime supports",
                "-s",
                s,
                "-e",
                cert,
                "-k",
                key,
                "-u",
                "HIGH",
                "--check-config");
        t.row(
                "expired certificate",
                0,
                "out",
                "warning: certificate " + expired + " expired on "
                        + DATE.format(pki.expiredServer().x509().getNotAfter().toInstant())
                        + ": clients that check it refuse the connection; renew it",
                "-s",
                s,
                "-e",
                expired,
                "-k",
                pki.expiredServer().key().toString(),
                "--check-config");
        t.row(
                "certificate expiring within 30 days",
                0,
                "out",
                "warning: certificate " + cert + " expires on "
                        + DATE.format(pki.server().x509().getNotAfter().toInstant())
                        + " (in 29 days): renew it before then",
                "-s",
                s,
                "-e",
                cert,
                "-k",
                key,
                "--check-config");
        t.row(
                "tcpwrappers (-T)",
                2,
                "err",
                "-T (tcpwrappers) is not supported: restrict clients with firewall rules",
                "-s",
                s,
                "-T",
                "--check-config");
        t.row(
                "port already in use",
                1,
                "err",
                "cannot start: cannot listen on 127.0.0.1:" + heldPort.getLocalPort() + ": Address already in use",
                "-s",
                s,
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(heldPort.getLocalPort()),
                "--allow-root");
        t.row(
                "log file in a missing directory",
                1,
                "err",
                "cannot write log file " + dir.resolve("absent/tentacle.log"),
                "-s",
                s,
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(ServerProcess.freePort()),
                "--allow-root",
                "-l",
                dir.resolve("absent/tentacle.log").toString());
        t.rowIf(
                ROOT,
                "root without --allow-root",
                1,
                "err",
                "refusing to run as root: run as the user that owns the storage directory (e.g. pandora), or add --allow-root",
                "-s",
                s,
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(ServerProcess.freePort()));
        return rows.stream();
    }

    private record Table(Path dir, List<Row> rows) {
        void row(String mistake, int exit, String stream, String words, String... args) {
            rowIf(true, mistake, exit, stream, words, args);
        }

        void rowIf(boolean applies, String mistake, int exit, String stream, String words, String... args) {
            Run run = applies ? Run.start(dir, "row" + rows.size(), List.of(args)) : null;
            rows.add(new Row(mistake, exit, stream, words, applies, run));
        }
    }

    @AfterAll
    static void releasePort() throws IOException {
        if (heldPort != null) {
            heldPort.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeGetsItsExitStatusAndOneLineThatNamesIt(Row row) throws Exception {
        assumeTrue(row.applies(), "does not apply to this user (root or not)");
        Process p = row.run().process();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
        String out = Files.readString(row.run().out());
        String err = Files.readString(row.run().err());
        assertThat(p.exitValue()).as("exit status; stderr: %s", err).isEqualTo(row.exit());
        assertThat(err + out).doesNotContain("Exception").doesNotContain("\tat ");
        if (row.stream().equals("err")) {
            assertThat(err.lines()).as("stderr: one line").hasSize(1);
            assertThat(err).as("stderr").startsWith("tentacle-server: ").contains(row.words());
            assertThat(out).as("stdout").isEmpty();
        } else {
            assertThat(out.lines().filter(l -> l.startsWith("warning: ")))
                    .as("stdout")
                    .containsExactly(row.words());
            assertThat(err).as("stderr").isEmpty();
        }
    }
}
