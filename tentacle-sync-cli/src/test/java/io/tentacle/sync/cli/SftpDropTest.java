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
            assertThat(pass.out() + pass.err())
                    .contains(ssh.hostKeyFingerprint())
                    .contains("not in sync_sftp_known_hosts")
                    .contains("ssh-keyscan -p " + ssh.port + " 127.0.0.1");
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
            // The second file's line: the first one was deleted on the drop before the second was fetched.
            CompletableFuture<String> secondPulled = nthLineWith(puller, ": pulled ", 2);
            assertThat(secondPulled.get(120, TimeUnit.SECONDS))
                    .as("the puller pulled two files")
                    .isNotNull();
            puller.destroyForcibly(); // SIGKILL: no shutdown hook, no QUIT, whatever was in flight stays as it was.
            assertThat(puller.waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<String> onDrop = names(ssh.drop);
            assertThat(onDrop).as("killed mid-pass").isNotEmpty().hasSizeLessThan(sent.size());
            for (String name : sent.keySet()) {
                Path here = incoming.resolve(name);
                boolean staged =
                        Files.exists(incoming.resolve(".tentacle-sync/staging/127.0.0.1_" + ssh.port + "/" + name));
                assertThat(onDrop.contains(name) || Files.exists(here) || staged)
                        .as(name + " somewhere")
                        .isTrue();
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
        try (Programs.Server server = Programs.server(
                "-s",
                spool.toString(),
                "--sftp-port",
                String.valueOf(sftpPort),
                "--sftp-host-key",
                hostKey.toString(),
                "--sftp-authorized-keys",
                clientKey + ".pub",
                "--sftp-user",
                "pandora")) {
            assertThat(server.started()).as("our server started").isNotNull();
            Path knownHosts = Files.writeString(
                    keys.resolve("known_hosts"),
                    "[127.0.0.1]:" + sftpPort + " " + Files.readString(Path.of(hostKey + ".pub")));
            Path incoming = Files.createDirectories(dir.resolve("incoming"));

            Path conf = Files.writeString(dir.resolve("pandora_server.conf"), "syncserver 1\n");
            Cli pass = Cli.run(
                    "-c",
                    conf.toString(),
                    "-i",
                    incoming.toString(),
                    "-a",
                    "sftp://pandora@127.0.0.1:" + sftpPort + "/",
                    "--sftp-key",
                    clientKey.toString(),
                    "--sftp-known-hosts",
                    knownHosts.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isEqualTo(SyncCommand.EXIT_FAILED);
            assertThat(pass.out())
                    .contains("FAILED")
                    .contains("cannot list /: ")
                    .contains("Permission denied")
                    .contains("not a drop");
            assertThat(names(spool)).containsExactly("agent.1.data");
            assertThat(names(incoming)).isEmpty();
        }
    }

    @Test
    void anSftpRemoteWithoutKnownHostsIsAConfigurationError() throws Exception {
        Path conf = Files.writeString(
                dir.resolve("pandora_server.conf"),
                String.join(
                        "\n",
                        "syncserver 1",
                        "sync_address 10.0.0.1, sftp://pandora@10.0.0.2:2222/drop",
                        "incomingdir " + dir,
                        "sync_sftp_key " + dir.resolve("id_ed25519"),
                        ""));

        Cli pass = Cli.run("-c", conf.toString());

        assertThat(pass.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(pass.err())
                .contains("sync_address")
                .contains("needs sync_sftp_known_hosts")
                .contains("ssh-keyscan");
    }

    @Test
    void aConsoleEditReachesOnlyItsAgentsDropAndAResetDeletesItThere() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        try (OpenSshDrop siteA = OpenSshDrop.start(dir.resolve("a"));
                OpenSshDrop siteB = OpenSshDrop.start(dir.resolve("b"))) {
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            String web = SiteConfigurationTest.md5("web-01");
            String db = SiteConfigurationTest.md5("db-01");
            writeConf(incoming, web, "module web\n");
            writeConf(incoming, db, "module db\n");
            // Unix agents name their data <md5 of their name>.<epoch>.data: that is where each lives.
            settle(Files.writeString(siteA.drop.resolve(web + ".100.data"), "<agent_data/>"));
            settle(Files.writeString(siteB.drop.resolve(db + ".100.data"), "<agent_data/>"));
            // An agent of site A with no conf on the central uploaded its own, flat beside the data (scp).
            String fresh = SiteConfigurationTest.md5("new-01");
            Files.writeString(siteA.drop.resolve(fresh + ".conf"), "module new\n");
            Files.writeString(siteA.drop.resolve(fresh + ".md5"), SiteConfigurationTest.md5("module new\n"));
            Path conf = twoDrops(siteA, siteB, incoming);

            Cli first = Cli.run("-c", conf.toString());

            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            assertThat(siteA.drop.resolve(web + ".conf")).hasContent("module web\n");
            assertThat(siteA.drop.resolve(web + ".md5")).hasContent(SiteConfigurationTest.md5("module web\n"));
            assertThat(siteB.drop.resolve(db + ".conf")).hasContent("module db\n");
            assertThat(siteA.drop.resolve(db + ".conf")).doesNotExist();
            assertThat(siteB.drop.resolve(web + ".conf")).doesNotExist();
            assertThat(incoming.resolve("conf/" + fresh + ".conf")).hasContent("module new\n");
            assertThat(siteA.drop.resolve(fresh + ".conf"))
                    .as("configuration is not pulled as data")
                    .exists();
            assertThat(incoming.resolve(fresh + ".conf")).doesNotExist();

            writeConf(incoming, web, "module web edited\n"); // The console edits web-01.
            Cli edit = Cli.run("-c", conf.toString());

            assertThat(edit.exitCode()).as(edit.out() + edit.err()).isZero();
            assertThat(siteA.drop.resolve(web + ".conf")).hasContent("module web edited\n");
            assertThat(siteA.drop.resolve(web + ".md5")).hasContent(SiteConfigurationTest.md5("module web edited\n"));
            assertThat(siteB.drop.resolve(web + ".conf")).doesNotExist();
            assertThat(siteB.drop.resolve(web + ".md5")).doesNotExist();

            Files.delete(incoming.resolve("conf/" + web + ".conf")); // The console resets web-01.
            Files.delete(incoming.resolve("md5/" + web + ".md5"));
            Cli reset = Cli.run("-c", conf.toString());

            assertThat(reset.exitCode()).as(reset.out() + reset.err()).isZero();
            assertThat(siteA.drop.resolve(web + ".conf")).doesNotExist();
            assertThat(siteA.drop.resolve(web + ".md5")).doesNotExist();
            assertThat(siteB.drop.resolve(db + ".conf")).hasContent("module db\n");
        }
    }

    @Test
    void aWipedDropIsRepairedInOnePassAndAPushNeverShowsHalfAFileUnderItsName() throws Exception {
        try (OpenSshDrop ssh = OpenSshDrop.start(dir)) {
            Path incoming = Files.createDirectories(dir.resolve("incoming"));
            String web = SiteConfigurationTest.md5("web-01");
            writeConf(incoming, web, "module web\n");
            byte[] zip = new byte[8 * 1024 * 1024]; // Large enough to take many SFTP writes.
            new java.util.Random(1).nextBytes(zip);
            Files.write(Files.createDirectories(incoming.resolve("collections")).resolve("fc_1.zip"), zip);
            Files.writeString(incoming.resolve("md5/fc_1.md5"), "0123456789abcdef0123456789abcdef");
            settle(Files.writeString(ssh.drop.resolve(web + ".100.data"), "<agent_data/>"));
            Path conf = ssh.conf(incoming, ssh.knownHosts);
            assertThat(Cli.run("-c", conf.toString()).exitCode()).isZero();
            assertThat(ssh.drop.resolve("fc_1.zip")).hasBinaryContent(zip);

            // Wiped: a reinstalled drop holds none of it; the central's copy comes back in one pass.
            for (String name : List.of(web + ".conf", web + ".md5", "fc_1.zip", "fc_1.md5")) {
                Files.delete(ssh.drop.resolve(name));
            }
            Files.writeString(ssh.drop.resolve(".tentacle-push-0123abcd.part"), "half a push of a killed pass");
            List<String> events = new java.util.ArrayList<>();
            try (java.nio.file.WatchService watch = ssh.drop.getFileSystem().newWatchService()) {
                ssh.drop.register(
                        watch,
                        java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                        java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);

                Cli repair = Cli.run("-c", conf.toString(), "--json");

                assertThat(repair.exitCode()).as(repair.out() + repair.err()).isZero();
                assertThat(repair.out()).contains("\"pushedFiles\":4");
                for (java.nio.file.WatchKey key; (key = watch.poll()) != null; key.reset()) {
                    key.pollEvents().forEach(e -> events.add(e.kind().name() + " " + e.context()));
                }
            }
            assertThat(ssh.drop.resolve(web + ".conf")).hasContent("module web\n");
            assertThat(ssh.drop.resolve(web + ".md5")).hasContent(SiteConfigurationTest.md5("module web\n"));
            assertThat(ssh.drop.resolve("fc_1.zip")).hasBinaryContent(zip);
            assertThat(ssh.drop.resolve("fc_1.md5")).hasContent("0123456789abcdef0123456789abcdef");
            // Written under a temp name, then renamed: the final name appears once, complete, never written to.
            assertThat(events)
                    .as("events in the drop")
                    .contains("ENTRY_CREATE fc_1.zip")
                    .anyMatch(e -> e.startsWith("ENTRY_MODIFY .tentacle-push-"))
                    .noneMatch(e -> e.startsWith("ENTRY_MODIFY fc_1.zip"));
            assertThat(names(ssh.drop)).containsExactlyInAnyOrder(web + ".conf", web + ".md5", "fc_1.zip", "fc_1.md5");
            try (Stream<Path> all = Files.list(ssh.drop)) {
                assertThat(all.map(p -> p.getFileName().toString()))
                        .as("no temp file left")
                        .noneMatch(n -> n.endsWith(".part"));
            }
        }
    }

    private static void writeConf(Path incoming, String key, String text) throws Exception {
        Files.writeString(Files.createDirectories(incoming.resolve("conf")).resolve(key + ".conf"), text);
        Files.writeString(
                Files.createDirectories(incoming.resolve("md5")).resolve(key + ".md5"),
                SiteConfigurationTest.md5(text));
    }

    /** One puller draining both drops, with one key (site A's) that site B accepts too. */
    private Path twoDrops(OpenSshDrop a, OpenSshDrop b, Path incoming) throws Exception {
        Files.copy(
                Path.of(a.clientKey + ".pub"),
                b.dir.resolve("authorized_keys"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path knownHosts = Files.writeString(
                dir.resolve("known_hosts"), Files.readString(a.knownHosts) + Files.readString(b.knownHosts));
        return Files.writeString(
                dir.resolve("pandora_server.conf"),
                String.join(
                        "\n",
                        "syncserver 1",
                        "sync_address " + a.address() + ", " + b.address(),
                        "incomingdir " + incoming,
                        "sync_sftp_key " + a.clientKey,
                        "sync_sftp_known_hosts " + knownHosts,
                        "sync_timeout 20",
                        ""));
    }

    /** Older than sync_min_age, as a file the agent finished writing a while ago. */
    private static void settle(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    /** The visible regular files of a directory, sorted. */
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static CompletableFuture<String> nthLineWith(Process process, String text, int n) {
        CompletableFuture<String> found = new CompletableFuture<>();
        int[] seen = {0};
        Programs.readAll(process.getErrorStream());
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.contains(text) && ++seen[0] == n) {
                                found.complete(line);
                            }
                        }
                    } catch (java.io.IOException e) {
                        // The process is gone.
                    }
                    found.complete(null);
                },
                "puller-output");
        reader.setDaemon(true);
        reader.start();
        return found;
    }
}
