package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.ReferenceServer;
import io.tentacle.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the reference Perl server, when a copy is at /tmp/ref/tentacle_server (never committed: GPL).
 * It refuses to run as root, so it runs as the user {@code tentacle}.
 */
class ReferenceInteropTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void drainsTheReferenceServer() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
        // The reference does not create a filter's directory: it fails to write and drops the connection.
        Path confDir = Files.createDirectories(spool.resolve("conf"));
        Files.setPosixFilePermissions(confDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 200, 3000, 41);
        // -v logs every request; the test support drains it, so the server never blocks on the pipe.
        try (ReferenceServer server = ReferenceServer.start(spool, "-I", "-o", "-v", "-i", ".*\\.conf:conf")) {
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
                            "sync_address 127.0.0.1:" + server.port(),
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
        }
    }
}
