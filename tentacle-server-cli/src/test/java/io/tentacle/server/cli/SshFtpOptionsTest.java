package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP/SCP and FTP flags and -F keys: what --check-config shows, and the one-line error (exit 2) of a bad value. */
class SshFtpOptionsTest {
    @TempDir
    Path dir;

    private String spool;
    private String keys;
    private String password;

    @BeforeEach
    void files() throws IOException {
        spool = Files.createDirectories(dir.resolve("spool")).toString();
        keys = Files.writeString(dir.resolve("authorized_keys"), "").toString();
        password = Files.writeString(dir.resolve("ftp_password"), "s3cret\n").toString();
    }

    private static OptionsTest.Run check(String... args) {
        return OptionsTest.execute(args);
    }

    @Test
    void flagsAndKeysTurnTheEndpointsOn() throws IOException {
        OptionsTest.Run flags = check(
                "-s",
                spool,
                "--sftp-port",
                "2222",
                "--sftp-host-key",
                dir.resolve("host_key").toString(),
                "--sftp-authorized-keys",
                keys,
                "--ftp-port",
                "2121",
                "--ftp-password-file",
                password,
                "--ftp-passive-ports",
                "50000-50010",
                "--check-config");
        assertThat(flags.exit()).as(flags.err()).isZero();
        assertThat(flags.out())
                .contains("sftp: port 2222, user pandora", "ftp: port 2121, user pandora, passive ports 50000-50010");
        assertThat(Files.exists(dir.resolve("host_key")))
                .as("--check-config creates nothing")
                .isFalse();

        Path config = Files.writeString(
                dir.resolve("tentacle.conf"),
                "directory " + spool + "\nsftp_port 2222\nsftp_host_key "
                        + dir.resolve("host_key") + "\nsftp_authorized_keys " + keys
                        + "\nsftp_user agent\nftp_port 2121\nftp_user up\n"
                        + "ftp_password_file " + password + "\n");
        OptionsTest.Run file = check("-F", config.toString(), "--check-config");
        assertThat(file.exit()).as(file.err()).isZero();
        assertThat(file.out())
                .contains("sftp: port 2222, user agent", "ftp: port 2121, user up")
                .doesNotContain("warning");
    }

    @Test
    void badValuesNameTheOptionOrLine() throws IOException {
        String hostKey = dir.resolve("host_key").toString();
        assertThat(usageError(
                        "-s", spool, "--sftp-port", "x", "--sftp-host-key", hostKey, "--sftp-authorized-keys", keys))
                .contains("option --sftp-port", "'x' is not a port number");
        assertThat(usageError("-s", spool, "--sftp-port", "2222", "--sftp-authorized-keys", keys))
                .contains("option --sftp-port", "needs --sftp-host-key");
        assertThat(usageError("-s", spool, "--sftp-port", "2222", "--sftp-host-key", hostKey))
                .contains("option --sftp-port", "needs --sftp-authorized-keys");
        assertThat(usageError(
                        "-s",
                        spool,
                        "--sftp-port",
                        "2222",
                        "--sftp-host-key",
                        hostKey,
                        "--sftp-authorized-keys",
                        dir + "/none"))
                .contains("option --sftp-authorized-keys", "does not exist");
        assertThat(usageError("-s", spool, "--ftp-port", "2121"))
                .contains("option --ftp-port", "needs --ftp-password-file");
        assertThat(usageError(
                        "-s",
                        spool,
                        "--ftp-port",
                        "2121",
                        "--ftp-password-file",
                        password,
                        "--ftp-passive-ports",
                        "9-2"))
                .contains("option --ftp-passive-ports", "LOW-HIGH");
        assertThat(usageError("-s", spool, "--ftp-port", "2121", "--ftp-password-file", password, "--ftp-tls"))
                .contains("--ftp-tls", "needs a certificate (-e");
        assertThat(usageError("-s", spool, "--ftp-port", "41121", "--ftp-password-file", password))
                .contains("option --ftp-port", "also the Tentacle port");
        assertThat(usageError("-b", "127.0.0.1", "--ftp-port", "2121", "--ftp-password-file", password))
                .contains("option --ftp-port", "needs a storage directory");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThat(usageError("-s", spool, "--ftp-port", "2121", "--ftp-password-file", empty.toString()))
                .contains("option --ftp-password-file", "first line", "is empty");
        Path config = Files.writeString(dir.resolve("bad.conf"), "directory " + spool + "\nftp_port 70000\n");
        assertThat(usageError("-F", config.toString())).contains("line 2, key 'ftp_port'");
    }

    private static String usageError(String... args) {
        String[] withCheck = java.util.Arrays.copyOf(args, args.length + 1);
        withCheck[args.length] = "--check-config";
        OptionsTest.Run run = OptionsTest.execute(withCheck);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        return run.err();
    }
}
