package io.tentacle.server.cli;

import io.tentacle.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process id for init scripts and systemd's PIDFile=; removed at exit if it is still ours. */
final class PidFile {
    private final Path path;
    private final String content;

    private PidFile(Path path, String content) {
        this.path = path;
        this.content = content;
    }

    static PidFile write(Path path) {
        String content = ProcessHandle.current().pid() + "\n";
        try {
            Path parent = path.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(parent, ".tentacle-server-", ".pid");
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(
                    temp,
                    path,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(
                    "cannot write pid file " + path + ": " + Failures.describe(e), TentacleServerCommand.EXIT_FAILURE);
        }
        return new PidFile(path, content);
    }

    void delete() {
        try {
            if (Files.readString(path, StandardCharsets.US_ASCII).equals(content)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Already gone, or replaced by another instance's: nothing of ours to remove.
        }
    }
}
