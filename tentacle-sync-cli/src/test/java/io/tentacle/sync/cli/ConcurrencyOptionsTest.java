package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-remotes-at-once} and {@code --max-connections} override their keys, through the command. */
class ConcurrencyOptionsTest {
    @TempDir
    Path tmp;

    private Path conf;

    @BeforeEach
    void setUp() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        conf = Files.write(
                tmp.resolve("pandora_server.conf"),
                List.of(
                        "syncserver 1",
                        "incomingdir " + incoming,
                        "sync_address a.example,b.example",
                        "sync_max_remotes_at_once 4",
                        "sync_max_connections 20"));
    }

    @Test
    void theFileSetsThemAndTheOptionsWin() {
        Cli fromFile = Cli.run("-c", conf.toString(), "--dry-run");
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("; 4 remotes at once, at most 20 connections");

        Cli overridden =
                Cli.run("-c", conf.toString(), "--dry-run", "--max-remotes-at-once", "2", "--max-connections", "10");
        assertThat(overridden.exitCode()).as(overridden.err()).isZero();
        assertThat(overridden.out()).contains("; 2 remotes at once, at most 10 connections");
    }

    @Test
    void aBadValueNamesTheOption() {
        Cli zero = Cli.run("-c", conf.toString(), "--dry-run", "--max-connections", "0");
        assertThat(zero.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(zero.err().strip())
                .isEqualTo("tentacle-sync: option --max-connections: '0' is not a whole number from 1 to 4096");

        Cli tooMany = Cli.run("-c", conf.toString(), "--dry-run", "--max-remotes-at-once", "30");
        assertThat(tooMany.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(tooMany.err().strip())
                .startsWith("tentacle-sync: option --max-remotes-at-once: 30 is more than sync_max_connections (20)");
    }
}
