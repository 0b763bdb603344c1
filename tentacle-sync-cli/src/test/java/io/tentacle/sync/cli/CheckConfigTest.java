package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config}: every declared option and key with its value and source; a password never shown. */
class CheckConfigTest {
    @TempDir
    Path tmp;

    private Path conf;

    @BeforeEach
    void setUp() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        conf = Files.write(
                tmp.resolve("pandora_server.conf"),
                List.of(
                        "# Pandora",
                        "syncserver 1",
                        "incomingdir " + incoming,
                        "sync_address site1,site2:41999",
                        "sync_password file-s3cret",
                        "sync_timeout 30"));
    }

    @Test
    void eachSettingIsListedWithItsValueAndWhereItComesFrom() {
        Cli run = Cli.run("-c", conf.toString(), "--check-config", "--timeout", "45", "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(lines).hasSize(SyncOptions.ALL.size());
        assertThat(lines).startsWith("  -c/--config: " + conf + " (option --config)", "  --force: off (default)");
        assertThat(lines)
                .contains(
                        "  -q/--quiet: on (option --quiet)",
                        "  syncserver: on (pandora_server.conf line 2: syncserver)",
                        "  tentacle_sync: (unset) (default)",
                        "  -a/--address, sync_address: site1,site2:41999 (pandora_server.conf line 4: sync_address)",
                        "  -p/--port, sync_port: 41121 (default)",
                        "  --password, sync_password: set (pandora_server.conf line 5: sync_password)",
                        "  --timeout, sync_timeout: 45 (option --timeout)",
                        "  --[no-]verify-hostname, sync_verify_hostname: 1 with sync_ca (default)"
                                .replace("--[no-]", "--"));
        assertThat(run.out()).doesNotContain("s3cret");
    }

    @Test
    void aBadValueIsTheUsualConfigurationError() {
        Cli run = Cli.run("-c", conf.toString(), "--check-config", "--timeout", "0");
        assertThat(run.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(run.err().strip())
                .isEqualTo("tentacle-sync: option --timeout: '0' is not a whole number from 1 to 86400");
        assertThat(run.out()).isEmpty();
    }
}
