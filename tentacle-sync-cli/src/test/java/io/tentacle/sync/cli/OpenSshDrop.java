package io.tentacle.sync.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a high loopback port with a throw-away configuration: its own host key,
 * one authorized key (the puller's), SFTP through {@code internal-sftp}. The drop is a directory of the
 * test. Skips the test with a message when {@code sshd} is missing or cannot start (for instance when
 * not run as root).
 */
final class OpenSshDrop implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final Path drop;
    final Path clientKey;
    final Path hostKey;
    final Path knownHosts;
    final int port;
    private final Process sshd;

    private OpenSshDrop(Path dir, Path drop, Path clientKey, Path hostKey, Path knownHosts, int port, Process sshd) {
        this.dir = dir;
        this.drop = drop;
        this.clientKey = clientKey;
        this.hostKey = hostKey;
        this.knownHosts = knownHosts;
        this.port = port;
        this.sshd = sshd;
    }

    static OpenSshDrop start(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "no OpenSSH sshd at " + SSHD + " (Debian package openssh-server)");
        Path hostKey = dir.resolve("host_key");
        Path clientKey = dir.resolve("client_key");
        keygen(hostKey);
        keygen(clientKey);
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(Path.of(clientKey + ".pub"), authorized);
        Path drop = Files.createDirectories(dir.resolve("drop"));
        try {
            Files.createDirectories(
                    Path.of("/run/sshd")); // Its privilege separation directory, made by the service normally.
        } catch (IOException e) {
            assumeTrue(false, "sshd cannot start here: cannot create /run/sshd (" + e + ")");
        }
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "AuthorizedKeysFile " + authorized,
                        "StrictModes no",
                        "UsePAM no",
                        "PidFile " + dir.resolve("sshd.pid"),
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        "Subsystem sftp internal-sftp",
                        ""));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            synchronized (output) {
                                output.append(line).append('\n');
                            }
                            if (line.contains("Server listening on")) {
                                listening.complete(line);
                            }
                        }
                    } catch (IOException e) {
                        // sshd is gone.
                    }
                    listening.complete(null);
                },
                "sshd-output");
        reader.setDaemon(true);
        reader.start();
        String line = listening.get(60, TimeUnit.SECONDS);
        if (line == null) {
            sshd.destroyForcibly();
            synchronized (output) {
                assumeTrue(false, "sshd did not start: " + output);
            }
        }
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
        return new OpenSshDrop(dir, drop, clientKey, hostKey, knownHosts, port, sshd);
    }

    /** An ed25519 key pair without passphrase: {@code key} and {@code key.pub}. */
    static void keygen(Path key) throws Exception {
        run(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                key.getFileName().toString(),
                "-f",
                key.toString());
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it ({@code SHA256:...}). */
    String hostKeyFingerprint() throws Exception {
        return run("ssh-keygen", "-l", "-f", hostKey + ".pub").split(" ")[1];
    }

    String address() {
        return "sftp://" + System.getProperty("user.name") + "@127.0.0.1:" + port + drop;
    }

    /** A {@code pandora_server.conf} that drains this drop into {@code incoming}. */
    Path conf(Path incoming, Path knownHostsFile) throws IOException {
        Path conf = dir.resolve("pandora_server.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "syncserver 1",
                        "sync_address " + address(),
                        "incomingdir " + incoming,
                        "sync_sftp_key " + clientKey,
                        "sync_sftp_known_hosts " + knownHostsFile,
                        "sync_timeout 20",
                        ""));
        return conf;
    }

    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "cannot run " + command[0] + ": " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor() == 0, String.join(" ", command) + " failed: " + out);
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        sshd.destroy();
        if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
            sshd.destroyForcibly();
        }
    }
}
