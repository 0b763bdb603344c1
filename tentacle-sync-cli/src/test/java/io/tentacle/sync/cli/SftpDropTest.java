package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The puller draining an SSH drop: a real OpenSSH sshd that agents scp into, over SFTP. */
class SftpDropTest {
    @TempDir
    Path dir;

    @Test
    void settledFilesArePulledAndDeletedWhileAFreshOneIsLeftForLater() throws Exception {
        try (OpenSshDrop ssh = OpenSshDrop.start(dir)) {
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            Map<String, String> settled = new TreeMap<>();
            for (int i = 0; i < 3; i++) {
                String name = "agent" + i + ".100" + i + ".data";
                settled.put(name, "<agent_data n='" + i + "'/>");
                settle(Files.writeString(ssh.drop.resolve(name), settled.get(name)));
            }
            Files.writeString(ssh.drop.resolve("fresh.2000.data"), "<agent_data half"); // scp still writing, in place

            Cli pass = Cli.run("-c", ssh.conf(incoming, ssh.knownHosts).toString(), "--json");

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            assertThat(pass.out()).contains("\"pulledFiles\":3").contains("\"leftFiles\":1");
            for (Map.Entry<String, String> file : settled.entrySet()) {
                assertThat(incoming.resolve(file.getKey())).hasContent(file.getValue());
            }
            assertThat(names(ssh.drop)).containsExactly("fresh.2000.data");
            assertThat(incoming.resolve("fresh.2000.data")).doesNotExist();
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndHowToAddIt() throws Exception {
        try (OpenSshDrop ssh = OpenSshDrop.start(dir)) {
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            settle(Files.writeString(ssh.drop.resolve("agent.1.data"), "<agent_data/>"));
            Path otherHosts = Files.writeString(dir.resolve("other_known_hosts"), "");

            Cli pass = Cli.run("-c", ssh.conf(incoming, otherHosts).toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isEqualTo(SyncCommand.EXIT_FAILED);
            assertThat(pass.out() + pass.err()).contains(ssh.hostKeyFingerprint())
                .contains("not in sync_sftp_known_hosts").contains("ssh-keyscan -p " + ssh.port + " 127.0.0.1");
            assertThat(names(ssh.drop)).containsExactly("agent.1.data");
            assertThat(names(incoming)).isEmpty();
            assertThat(otherHosts).isEmptyFile(); // Never learnt on first use.
        }
    }

    @Test
    void aPullerKilledMidPassLosesNothingAndTheNextPassFinishes() throws Exception {
        try (OpenSshDrop ssh = OpenSshDrop.start(dir)) {
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            Map<String, String> sent = new TreeMap<>();
            for (int i = 0; i < 200; i++) {
                String name = "agent" + i + "." + (1000 + i) + ".data";
                sent.put(name, ("<agent_data n='" + i + "'>").repeat(200) + "</agent_data>");
                settle(Files.writeString(ssh.drop.resolve(name), sent.get(name)));
            }
            Path conf = ssh.conf(incoming, ssh.knownHosts);

            Process puller = Programs.sync(List.of("-Xmx128m"), "-c", conf.toString(), "-v");
            CompletableFuture<String> firstPulled = firstLineWith(puller, ": pulled ");
            assertThat(firstPulled.get(120, TimeUnit.SECONDS)).as("the puller pulled a file").isNotNull();
            puller.destroyForcibly(); // SIGKILL: no shutdown hook, no QUIT, whatever was in flight stays as it was.
            assertThat(puller.waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<String> onDrop = names(ssh.drop);
            assertThat(onDrop).as("killed mid-pass").isNotEmpty().hasSizeLessThan(sent.size());
            for (String name : sent.keySet()) {
                Path here = incoming.resolve(name);
                boolean staged = Files.exists(incoming.resolve(".tentacle-sync/staging/127.0.0.1_" + ssh.port + "/" + name));
                assertThat(onDrop.contains(name) || Files.exists(here) || staged).as(name + " somewhere").isTrue();
                if (Files.exists(here)) {
                    assertThat(here).as("never half a file").hasContent(sent.get(name));
                }
            }

            Cli pass = Cli.run("-c", conf.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            assertThat(names(ssh.drop)).isEmpty();
            assertThat(names(incoming)).containsExactlyElementsOf(sent.keySet());
            for (Map.Entry<String, String> file : sent.entrySet()) {
                assertThat(incoming.resolve(file.getKey())).hasContent(file.getValue());
            }
        }
    }

    @Test
    void ourWriteOnlySftpEndpointIsNotADropItsListingRefusalFailsThePassAndTouchesNothing() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path hostKey = keys.resolve("host_key");
        Path clientKey = keys.resolve("client_key");
        OpenSshDrop.keygen(hostKey);
        OpenSshDrop.keygen(clientKey);
        Path spool = Files.createDirectories(dir.resolve("spool"));
        settle(Files.writeString(spool.resolve("agent.1.data"), "<agent_data/>"));
        int sftpPort = OpenSshDrop.freePort();
        try (Programs.Server server = Programs.server("-s", spool.toString(), "--sftp-port", String.valueOf(sftpPort),
            "--sftp-host-key", hostKey.toString(), "--sftp-authorized-keys", clientKey + ".pub", "--sftp-user", "pandora")) {
            assertThat(server.started()).as("our server started").isNotNull();
            Path knownHosts = Files.writeString(keys.resolve("known_hosts"),
                "[127.0.0.1]:" + sftpPort + " " + Files.readString(Path.of(hostKey + ".pub")));
            Path incoming = Files.createDirectories(dir.resolve("incoming"));

            Path conf = Files.writeString(dir.resolve("pandora_server.conf"), "syncserver 1\n");
            Cli pass = Cli.run("-c", conf.toString(), "-i", incoming.toString(),
                "-a", "sftp://pandora@127.0.0.1:" + sftpPort + "/", "--sftp-key", clientKey.toString(),
                "--sftp-known-hosts", knownHosts.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isEqualTo(SyncCommand.EXIT_FAILED);
            assertThat(pass.out()).contains("FAILED").contains("cannot list /: ").contains("Permission denied").contains("not a drop");
            assertThat(names(spool)).containsExactly("agent.1.data");
            assertThat(names(incoming)).isEmpty();
        }
    }

    @Test
    void anSftpRemoteWithoutKnownHostsIsAConfigurationError() throws Exception {
        Path conf = Files.writeString(dir.resolve("pandora_server.conf"), String.join("\n",
            "syncserver 1", "sync_address 10.0.0.1, sftp://pandora@10.0.0.2:2222/drop", "incomingdir " + dir,
            "sync_sftp_key " + dir.resolve("id_ed25519"), ""));

        Cli pass = Cli.run("-c", conf.toString());

        assertThat(pass.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(pass.err()).contains("sync_address").contains("needs sync_sftp_known_hosts").contains("ssh-keyscan");
    }

    /** Older than sync_min_age, as a file the agent finished writing a while ago. */
    private static void settle(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    /** The visible regular files of a directory, sorted. */
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                .filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static CompletableFuture<String> firstLineWith(Process process, String text) {
        CompletableFuture<String> found = new CompletableFuture<>();
        Programs.readAll(process.getErrorStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains(text)) {
                        found.complete(line);
                    }
                }
            } catch (java.io.IOException e) {
                // The process is gone.
            }
            found.complete(null);
        }, "puller-output");
        reader.setDaemon(true);
        reader.start();
        return found;
    }
}
