package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.sync.Parallelism;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncSettingsTest {
    @TempDir
    Path tmp;

    private PandoraConf conf(String... lines) throws IOException {
        return PandoraConf.read(Files.write(tmp.resolve("pandora_server.conf"), List.of(lines)));
    }

    private SyncSettings.Settings resolve(String... lines) throws Exception {
        return SyncSettings.resolve(conf(lines), Map.of());
    }

    @Test
    void theDistributedSampleRunsThePullerWithEnterprisesSyncServerOff() throws Exception {
        Path sample = Path.of("dist/pandora_server.conf.sample");
        PandoraConf conf = PandoraConf.read(sample);
        SyncSettings.Settings s = SyncSettings.resolve(conf, Map.of());

        assertThat(conf.get("syncserver").map(PandoraConf.Entry::value)).contains("0");
        assertThat(SyncSettings.whyDisabled(conf, Map.of())).isEmpty();
        assertThat(s.enabled()).isTrue();
        assertThat(s.pushDirs()).containsExactly("conf", "md5", "collections", "commands");
        assertThat(s.remotes()).hasSize(2);
    }

    @Test
    void readsTheSharedFixture() throws Exception {
        PandoraConf conf = PandoraConf.read(
                Path.of("/work/shared/fixtures/pandora_server-sync.conf")
                                .toFile()
                                .exists()
                        ? Path.of("/work/shared/fixtures/pandora_server-sync.conf")
                        : fixtureCopy());
        SyncSettings.Settings s = SyncSettings.resolve(conf, Map.of());

        assertThat(SyncSettings.whyDisabled(conf, Map.of())).isEmpty();
        assertThat(s.remotes()).containsExactly(new Remote("10.142.50.10", 41121), new Remote("20.152.50.20", 41121));
        assertThat(s.incomingDir()).isEqualTo(Path.of("/var/spool/pandora/data_in"));
        assertThat(s.ca().path()).isEqualTo(Path.of("/home/cacert.pem"));
        assertThat(s.cert().path()).isEqualTo(Path.of("/home/tentaclecert.pem"));
        assertThat(s.key().path()).isEqualTo(Path.of("/home/tentaclekey.pem"));
        assertThat(s.verifyHostname()).isTrue();
        assertThat(s.retries()).isEqualTo(3);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    private Path fixtureCopy() throws IOException {
        return Files.write(
                tmp.resolve("fixture.conf"),
                List.of(
                        "servername central-01",
                        "incomingdir /var/spool/pandora/data_in",
                        "dataserver 1",
                        "syncserver 1",
                        "sync_address 10.142.50.10,20.152.50.20",
                        "sync_port 41121",
                        "sync_ca /home/cacert.pem",
                        "sync_cert /home/tentaclecert.pem",
                        "sync_key /home/tentaclekey.pem",
                        "sync_retries 3",
                        "sync_timeout 10"));
    }

    @Test
    void defaultsFollowPandoraAndOurOwnKeys() throws Exception {
        SyncSettings.Settings s = resolve("syncserver 1", "sync_address central");
        SyncConfig c = s.toSyncConfig();

        assertThat(c.remotes()).containsExactly(new Remote("central", 41121));
        assertThat(c.incomingDir()).isEqualTo(Path.of("/var/spool/pandora/data_in"));
        assertThat(c.retries()).isEqualTo(3);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.connections()).isEqualTo(Parallelism.auto());
        assertThat(c.pushDirs()).containsExactly("conf", "md5", "collections", "commands");
        assertThat(c.maxQueueFiles()).isEqualTo(5000);
        assertThat(c.maxSize()).isEqualTo(100_000_000L);
        assertThat(c.maxListBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(c.password()).isNull();
        assertThat(c.tls()).isNull();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryKey() throws Exception {
        SyncSettings.Settings s = resolve(
                "# comment",
                "",
                "  SYNCSERVER   1  ",
                "sync_address  a.example , b:4000,[::1]:4001 ,[fe80::1], ::2",
                "sync_port 5000",
                "sync_retries 0",
                "sync_timeout 2",
                "sync_block_size 4096",
                "incomingdir /srv/in",
                "sync_password s3cret",
                "sync_connections 8",
                "sync_push_dirs conf, collections",
                "sync_max_queue_files 0",
                "sync_max_size 5000000000",
                "sync_max_list_bytes 65536",
                "sync_interval 30",
                "sync_verify_hostname 0",
                "unknown_key whatever",
                "dbhost localhost");

        assertThat(s.enabled()).isTrue();
        assertThat(s.remotes())
                .containsExactly(
                        new Remote("a.example", 5000),
                        new Remote("b", 4000),
                        new Remote("::1", 4001),
                        new Remote("fe80::1", 5000),
                        new Remote("::2", 5000));
        assertThat(s.retries()).isZero();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.blockSize()).isEqualTo(4096);
        assertThat(s.incomingDir()).isEqualTo(Path.of("/srv/in"));
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.connections()).isEqualTo(Parallelism.of(8));
        assertThat(s.pushDirs()).containsExactly("conf", "collections");
        assertThat(s.maxQueueFiles()).isZero();
        assertThat(s.maxSize()).isEqualTo(5_000_000_000L);
        assertThat(s.maxListBytes()).isEqualTo(65536);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.verifyHostname()).isFalse();
        assertThat(s.remotes().get(2).label()).isEqualTo("[::1]:4001");
    }

    @Test
    void connectionsAreAutomaticUnlessANumberIsGiven() throws Exception {
        assertThat(resolve("syncserver 1", "sync_address a", "sync_connections AUTO")
                        .connections())
                .isEqualTo(Parallelism.auto());
        assertThat(SyncSettings.resolve(
                                conf("syncserver 1", "sync_address a", "sync_connections auto"),
                                Map.of("sync_connections", new SyncSettings.Override("2", "--connections")))
                        .connections())
                .isEqualTo(Parallelism.of(2));
        assertThat(SyncSettings.resolve(
                                conf("syncserver 1", "sync_address a", "sync_connections 7"),
                                Map.of("sync_connections", new SyncSettings.Override("auto", "--connections")))
                        .toSyncConfig()
                        .connections())
                .isEqualTo(Parallelism.auto());
    }

    @Test
    void optionsOverrideKeysAndTheLastKeyWins() throws Exception {
        PandoraConf conf = conf("syncserver 1", "sync_address a", "sync_port 1000", "sync_port 2000", "sync_retries 5");
        SyncSettings.Settings s = SyncSettings.resolve(
                conf,
                Map.of(
                        "sync_retries", new SyncSettings.Override("1", "--retries"),
                        "sync_address", new SyncSettings.Override("b,c:9", "--address")));

        assertThat(s.remotes()).containsExactly(new Remote("b", 2000), new Remote("c", 9));
        assertThat(s.retries()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sync_port 0           | line 3: sync_port: '0' is not a whole number from 1 to 65535",
                "sync_port http        | line 3: sync_port: 'http' is not a whole number from 1 to 65535",
                "sync_retries -1       | line 3: sync_retries: '-1' is not a whole number from 0 to 100",
                "sync_timeout 0        | line 3: sync_timeout: '0' is not a whole number from 1 to 86400",
                "sync_connections 0    | line 3: sync_connections: '0' is not 'auto' or a whole number from 1 to 64",
                "sync_connections many | line 3: sync_connections: 'many' is not 'auto' or a whole number from 1 to 64",
                "sync_max_queue_files x| line 3: sync_max_queue_files: 'x' is not a whole number at least 0",
                "sync_interval 0       | line 3: sync_interval: '0' is not a whole number at least 1",
                "sync_max_size 0       | line 3: sync_max_size: '0' is not a whole number at least 1",
                "sync_max_list_bytes 9 | line 3: sync_max_list_bytes: '9' is not a whole number at least 1024",
                "sync_block_size 2     | line 3: sync_block_size: '2' is not a whole number from 16 to 67108864",
                "sync_verify_hostname 2| line 3: sync_verify_hostname: '2' is not 0 or 1",
                "sync_push_dirs ../etc | line 3: sync_push_dirs: '../etc' must be a subdirectory name of the incoming directory",
                "sync_cert /tmp/c.pem  | line 3: sync_cert: sync_cert and sync_key go together; set both or neither",
                "sync_max_connections 0| line 3: sync_max_connections: '0' is not a whole number from 1 to 4096",
                "sync_max_remotes_at_once 0| line 3: sync_max_remotes_at_once: '0' is not a whole number from 1 to 4096",
                "sync_max_remotes_at_once 60| line 3: sync_max_remotes_at_once: 60 is more than sync_max_connections (48), and"
                        + " each remote in work holds a connection: lower it or raise sync_max_connections",
            })
    void badValuesNameTheKeyAndLine(String line, String message) throws IOException {
        PandoraConf conf = conf("syncserver 1", "sync_address a", line);
        assertThatThrownBy(() -> SyncSettings.resolve(conf, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("pandora_server.conf " + message);
    }

    @Test
    void remotesAtOnceAndConnectionsDefaultSoAThousandRemotesStayBounded() throws Exception {
        SyncConfig defaults = SyncSettings.resolve(conf("syncserver 1", "sync_address a"), Map.of())
                .toSyncConfig();
        assertThat(defaults.maxRemotesAtOnce()).isEqualTo(16);
        assertThat(defaults.maxConnections()).isEqualTo(48);
        // Fewer connections than the default remotes at once: the remotes at once follow them down.
        SyncConfig few = SyncSettings.resolve(
                        conf("syncserver 1", "sync_address a", "sync_max_connections 4"), Map.of())
                .toSyncConfig();
        assertThat(few.maxRemotesAtOnce()).isEqualTo(4);
        assertThat(few.maxConnections()).isEqualTo(4);
    }

    @Test
    void badAddressesAreReported() throws IOException {
        assertThatThrownBy(() -> SyncSettings.resolve(conf("syncserver 1", "sync_address a:99999"), Map.of()))
                .hasMessage("pandora_server.conf line 2: sync_address: 'a:99999' has a bad port '99999' (1-65535)");
        assertThatThrownBy(() -> SyncSettings.resolve(conf("syncserver 1", "sync_address [::1"), Map.of()))
                .hasMessage("pandora_server.conf line 2: sync_address: '[::1' has no closing ']'");
        assertThatThrownBy(() -> SyncSettings.resolve(conf("syncserver 1"), Map.of()))
                .hasMessageStartingWith("pandora_server.conf: sync_address: no remote server");
        assertThatThrownBy(() -> SyncSettings.resolve(conf("syncserver 1", "sync_address  , "), Map.of()))
                .hasMessageStartingWith("pandora_server.conf line 2: sync_address: no remote server");
    }
}
