package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's exit codes and one-line errors, through picocli as a user runs it. */
class SyncCommandTest {
    @TempDir
    Path tmp;

    private String conf(String... lines) throws IOException {
        return Files.write(tmp.resolve("pandora_server.conf"), List.of(lines)).toString();
    }

    @Test
    void aBadValueIsOneLineAndExitTwo() throws IOException {
        Cli cli = Cli.run("-c", conf("syncserver 1", "sync_address a", "sync_timeout soon"));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err())
                .isEqualTo(
                        "tentacle-sync: pandora_server.conf line 3: sync_timeout: 'soon' is not a whole number from 1 to 86400"
                                + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aBadOptionNamesTheOption() throws IOException {
        Cli cli = Cli.run("-c", conf("syncserver 1", "sync_address a"), "--connections", "0");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("option --connections: '0' is not 'auto' or a whole number from 1 to 64");
    }

    @Test
    void aMissingFileIsAConfigurationError() {
        Cli cli = Cli.run("-c", tmp.resolve("absent.conf").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err())
                .startsWith("tentacle-sync: cannot read the configuration " + tmp.resolve("absent.conf")
                        + ": does not exist");
    }

    @Test
    void unreadableTlsFilesAreConfigurationErrors() throws IOException {
        Cli cli = Cli.run(
                "-c", conf("syncserver 1", "sync_address a", "sync_ca /nonexistent/ca.pem", "incomingdir " + tmp));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("pandora_server.conf line 3: sync_ca: cannot read '/nonexistent/ca.pem'");
    }

    @Test
    void aCaFileWithoutACertificateIsNamed() throws IOException {
        Path notACa = Files.writeString(
                tmp.resolve("key-not-ca.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Cli cli = Cli.run("-c", conf("syncserver 1", "sync_address a", "sync_ca " + notACa, "incomingdir " + tmp));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err())
                .contains("pandora_server.conf line 3: sync_ca: cannot use CA file '" + notACa
                        + "': no certificate in it (a CA file holds PEM blocks -----BEGIN CERTIFICATE-----)");
    }

    @Test
    void tentacleSyncRunsThePullerWhileSyncserverKeepsEnterprisesOwnStopped() throws IOException {
        // Pandora Enterprise starts its own Sync server with syncserver 1: two pullers would compete.
        Cli own = Cli.run("-c", conf("syncserver 0", "tentacle_sync 1"));
        assertThat(own.exitCode()).isEqualTo(2);
        assertThat(own.err()).contains("sync_address: no remote server"); // It ran: it went on to read the remotes.

        Cli off = Cli.run("-c", conf("syncserver 1", "tentacle_sync 0"));
        assertThat(off.exitCode()).isZero();
        assertThat(off.out()).contains("Sync is disabled (pandora_server.conf line 2: tentacle_sync is 0)");

        Cli bad = Cli.run("-c", conf("syncserver 1", "tentacle_sync maybe"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("pandora_server.conf line 2: tentacle_sync: 'maybe' is not 0 or 1");
    }

    @Test
    void syncDisabledExitsZeroUnlessForced() throws IOException {
        String file = conf("syncserver 0");
        Cli disabled = Cli.run("-c", file);
        assertThat(disabled.exitCode()).isZero();
        assertThat(disabled.out()).contains("Sync is disabled (neither syncserver nor tentacle_sync is 1 in");

        Cli forced = Cli.run("-c", file, "--force");
        assertThat(forced.exitCode()).isEqualTo(2);
        assertThat(forced.err()).contains("sync_address: no remote server");
    }

    @Test
    void unknownOptionsAreUsageErrors() throws IOException {
        Cli cli = Cli.run("-c", conf("syncserver 1", "sync_address a"), "--frobnicate");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--frobnicate'");
    }
}
