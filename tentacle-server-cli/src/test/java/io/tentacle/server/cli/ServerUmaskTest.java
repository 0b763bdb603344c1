package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pandora's init script starts the server under {@code umask 0007} so that the console's group may
 * write what agents send: stored files and the directories filters create follow the process umask.
 */
class ServerUmaskTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "umask {0}")
    @CsvSource({"0007, rw-rw----, rwxrwx---", "0027, rw-r-----, rwxr-x---"})
    void storedFilesAndFilterDirectoriesFollowTheUmask(String umask, String fileMode, String directoryMode)
            throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        try (ServerProcess server = CliServer.launchUnderUmask(
                                umask, "-s", spool.toString(), "-i", ".*\\.conf:conf", "-v")
                        .awaitReady(CliServer.STARTED);
                Wire wire = Wire.connect(server.port())) {
            assertThat(wire.ask("SEND <agent.data> SIZE 3")).isEqualTo("SEND OK");
            assertThat(wire.raw("abc".getBytes()).readLine()).isEqualTo("SEND OK");
            assertThat(wire.ask("SEND <agent.conf> SIZE 2")).isEqualTo("SEND OK");
            assertThat(wire.raw("ok".getBytes()).readLine()).isEqualTo("SEND OK");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.resolve("agent.data"))))
                .isEqualTo(fileMode);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.resolve("conf/agent.conf"))))
                .isEqualTo(fileMode);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.resolve("conf"))))
                .isEqualTo(directoryMode);
    }
}
