package io.tentacle.sshftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH's scp (SFTP and legacy mode), sftp and ssh against the SFTP/SCP endpoint. */
class SshEndpointTest {
    @TempDir
    Path dir;

    private Endpoints endpoints;
    private SshEndpoint ssh;
    /** Above the slow upload below, so that only the kill can stop it. */
    private static final int MAX_SIZE = 10_000_000;

    private Path key;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        Programs.require("ssh-keygen");
        Programs.require("scp");
        endpoints = new Endpoints(dir, MAX_SIZE);
        key = dir.resolve("agent_key");
        Programs.run(
                dir, null, List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString()));
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("agent_key.pub"), authorized);
        ssh = SshEndpoint.start(
                endpoints.endpoint,
                new SshSettings(
                        List.of(InetAddress.getLoopbackAddress()),
                        0,
                        dir.resolve("host_key"),
                        authorized,
                        "pandora",
                        Duration.ofSeconds(30)));
        file = Files.writeString(dir.resolve("0123abcd.1700000000.data"), "<agent_data/>\n".repeat(100));
    }

    @AfterEach
    void stop() {
        if (ssh != null) {
            ssh.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    private List<String> sshOptions(String portFlag, Path identity) {
        return List.of(
                portFlag,
                String.valueOf(ssh.port()),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR",
                "-i",
                identity.toString());
    }

    private Programs.Result scp(boolean legacy, Path identity, String source, String target) throws Exception {
        List<String> command = new ArrayList<>(List.of("scp"));
        if (legacy) {
            command.add("-O");
        }
        command.addAll(sshOptions("-P", identity));
        command.add(source);
        command.add(target);
        return Programs.run(dir, null, command);
    }

    @Test
    void theHostKeyIsCreatedPrivateWithAFingerprint() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("host_key"))))
                .isEqualTo("rw-------");
        assertThat(ssh.fingerprint()).startsWith("SHA256:");
    }

    @Test
    void theAgentsScpLineStoresTheFileWhole() throws Exception {
        for (boolean legacy : new boolean[] {false, true}) {
            Programs.Result result = scp(legacy, key, file.toString(), "pandora@127.0.0.1:/var/spool/pandora/data_in");
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
            assertThat(Files.readString(endpoints.spool.resolve(file.getFileName())))
                    .isEqualTo(Files.readString(file));
            Files.delete(endpoints.spool.resolve(file.getFileName()));
        }
        assertThat(endpoints.stored).hasSize(2);
        assertThat(endpoints.stored.get(0).name()).isEqualTo(file.getFileName().toString());
    }

    @Test
    void sftpBatchPutsIntoTheRootTheRealPathAndRoutesConf() throws Exception {
        Programs.require("sftp");
        Path conf = Files.writeString(dir.resolve("0123abcd.conf"), "agent_name x\n");
        Path batch = Files.writeString(
                dir.resolve("batch"), "put " + file + " /\nput " + conf + " " + endpoints.spool + "/\n");
        List<String> command = new ArrayList<>(List.of("sftp", "-b", batch.toString()));
        command.addAll(sshOptions("-P", key));
        command.add("pandora@127.0.0.1");
        Programs.Result result = Programs.run(dir, null, command);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(endpoints.files())
                .containsExactlyInAnyOrder(file.getFileName().toString(), "conf/0123abcd.conf");
    }

    @Test
    void listingShellsPathsOutsideAndWrongKeysAreRefused() throws Exception {
        Programs.require("sftp");
        Programs.require("ssh");
        Files.writeString(endpoints.spool.resolve("already.data"), "x");
        for (String line :
                List.of("ls /", "get /already.data", "rm /already.data", "mkdir /d", "rename /already.data /b.data")) {
            Path batch = Files.writeString(dir.resolve("batch"), line + "\n");
            List<String> command = new ArrayList<>(List.of("sftp", "-b", batch.toString()));
            command.addAll(sshOptions("-P", key));
            command.add("pandora@127.0.0.1");
            Programs.Result result = Programs.run(dir, null, command);
            assertThat(result.exit()).as(line + ": " + result.output()).isNotZero();
        }
        List<String> shell = new ArrayList<>(List.of("ssh"));
        shell.addAll(sshOptions("-p", key));
        shell.addAll(List.of("pandora@127.0.0.1", "touch /tmp/should-not-exist; echo ran"));
        Programs.Result ran = Programs.run(dir, null, shell);
        assertThat(ran.exit()).isNotZero();
        assertThat(ran.output()).doesNotContain("ran\n");

        for (boolean legacy : new boolean[] {false, true}) {
            assertThat(scp(legacy, key, file.toString(), "pandora@127.0.0.1:/etc/x.data")
                            .exit())
                    .isNotZero();
            assertThat(scp(legacy, key, file.toString(), "pandora@127.0.0.1:/var/spool/pandora/data_in/../../x")
                            .exit())
                    .isNotZero();
            assertThat(scp(legacy, key, file.toString(), "pandora@127.0.0.1:/var/spool/pandora/data_in/.hidden")
                            .exit())
                    .isNotZero();
        }
        Path other = dir.resolve("other_key");
        Programs.run(dir, null, List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", other.toString()));
        assertThat(scp(false, other, file.toString(), "pandora@127.0.0.1:/").exit())
                .isNotZero();
        assertThat(scp(false, key, file.toString(), "root@127.0.0.1:/").exit()).isNotZero();
        assertThat(endpoints.files()).containsExactly("already.data");
        assertThat(endpoints.stored).isEmpty();
    }

    @Test
    void aFilePastMaxSizeIsAbortedAndLeavesNothing() throws Exception {
        Path big = Files.write(dir.resolve("big.data"), new byte[MAX_SIZE + 1]);
        for (boolean legacy : new boolean[] {false, true}) {
            Programs.Result result = scp(legacy, key, big.toString(), "pandora@127.0.0.1:/var/spool/pandora/data_in");
            assertThat(result.exit()).as(result.output()).isNotZero();
            assertThat(endpoints.files()).isEmpty();
        }
    }

    @Test
    void anUploadKilledMidwayLeavesNothingVisible() throws Exception {
        // Far more than SFTP keeps in flight (scp's -l paces reads, not the requests already queued),
        // so that the kill always lands mid-upload, however loaded the machine.
        Path slow = Files.write(dir.resolve("slow.data"), new byte[8_000_000]);
        for (boolean legacy : new boolean[] {false, true}) {
            List<String> command = new ArrayList<>(List.of("scp", "-l", "64"));
            if (legacy) {
                command.add("-O");
            }
            command.addAll(sshOptions("-P", key));
            command.addAll(List.of(slow.toString(), "pandora@127.0.0.1:/var/spool/pandora/data_in"));
            Process scp = Programs.start(dir, command);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!endpoints.hasTempFile()) { // The upload has begun: its temp file is there.
                assertThat(System.nanoTime()).as("the upload never began").isLessThan(deadline);
                assertThat(scp.isAlive()).as("scp ended before it was killed").isTrue();
                Thread.onSpinWait();
            }
            scp.destroyForcibly().waitFor();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (endpoints.hasTempFile()) { // The server notices the lost connection and removes it.
                assertThat(System.nanoTime()).as("the temp file stayed").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(endpoints.files()).isEmpty();
            assertThat(endpoints.stored).isEmpty();
        }
    }
}
