package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tentacle.testing.TestFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the reference Perl server, when a copy is at /tmp/ref/tentacle_server (never committed: GPL).
 * It refuses to run as root, so it runs as the user {@code tentacle}.
 */
class ReferenceInteropTest {
    private static final Path REFERENCE = Path.of("/tmp/ref/tentacle_server");

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void drainsTheReferenceServer() throws Exception {
        assumeTrue(Files.isReadable(REFERENCE), "no reference server at " + REFERENCE);
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")),
                "no runuser");
        assumeTrue("root".equals(System.getProperty("user.name")), "runuser needs root");
        assumeTrue(
                new ProcessBuilder("id", "tentacle").start().waitFor() == 0,
                "no user 'tentacle' to run the reference as");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
        // The reference does not create a filter's directory: it fails to write and drops the connection.
        Path confDir = Files.createDirectories(spool.resolve("conf"));
        Files.setPosixFilePermissions(confDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 200, 3000, 41);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // $| = 1: the "listening" line must reach us at once, not when Perl's buffer fills.
        String perl = "$| = 1; @ARGV = ('-a', '127.0.0.1', '-p', '" + port + "', '-s', '" + spool
                + "', '-I', '-o', '-v', " + "'-i', '.*\\.conf:conf'); do '" + REFERENCE + "'; die $@ if $@;";
        Process server = new ProcessBuilder("runuser", "-u", "tentacle", "--", "perl", "-e", perl)
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader log =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null && !line.contains("listening")) {
                // Skip the banner.
            }
            assumeTrue(line != null, "the reference server did not start");
            Thread drain = new Thread(() -> {
                try {
                    while (log.readLine() != null) {
                        // -v logs every request: keep the pipe empty so the server never blocks on it.
                    }
                } catch (java.io.IOException ignored) {
                    // The server went away.
                }
            });
            drain.setDaemon(true);
            drain.start();
            Path incoming = Files.createDirectories(tmp.resolve("data_in"));
            // The configuration of an agent whose data this remote sends ("agent.N.data"): only a site's
            // own agents' configuration goes to it.
            String agentConf = java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("MD5")
                                    .digest("agent".getBytes(StandardCharsets.US_ASCII)))
                    + ".conf";
            TestFiles.write(incoming.resolve("conf").resolve(agentConf), "module".getBytes(StandardCharsets.UTF_8));
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of(
                            "syncserver 1",
                            "incomingdir " + incoming,
                            "sync_address 127.0.0.1:" + port,
                            "sync_push_dirs conf"));

            Cli pass = Cli.run("-c", conf.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            assertThat(pass.out())
                    .contains("ok, pulled 200 file(s)")
                    .contains("pushed 1")
                    .contains("over 4 connection(s),"); // Automatic parallelism spares the reference.
            assertThat(TestFiles.checksums(incoming)).isEqualTo(expected);
            assertThat(TestFiles.checksums(spool)).isEmpty();
            assertThat(spool.resolve("conf").resolve(agentConf)).hasContent("module");
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
