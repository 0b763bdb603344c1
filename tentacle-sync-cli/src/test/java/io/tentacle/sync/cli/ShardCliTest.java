package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --shard}, {@code --shard-index}, {@code sync_shard} and {@code --dry-run}, through the command. */
class ShardCliTest {
    @TempDir
    Path tmp;

    private Path incoming;

    @BeforeEach
    void setUp() throws IOException {
        incoming = Files.createDirectories(tmp.resolve("data_in"));
    }

    private Path conf(String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("syncserver 1", "incomingdir " + incoming));
        all.addAll(List.of(lines));
        return Files.write(tmp.resolve("pandora_server.conf"), all);
    }

    /** The remotes a dry run lists: its lines that are not comments. */
    private static List<String> remotes(Cli run) {
        return run.out().lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void dry_runs_of_the_shards_list_every_remote_once_and_connect_to_nothing() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress("127.0.0.1", 0));
            listening.configureBlocking(false);
            int port = listening.socket().getLocalPort();
            List<String> all = new ArrayList<>(List.of("127.0.0.1:" + port));
            for (int i = 1; i <= 11; i++) {
                all.add("site-" + i + ".example:41121");
            }
            Path conf = conf("sync_address " + String.join(", ", all.subList(0, 6)) + " ,"
                    + String.join(
                            ",",
                            all.subList(6, all.size()).stream()
                                    .map(a -> a.replace(":41121", ""))
                                    .toList()));

            List<String> served = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                Cli run = Cli.run("-c", conf.toString(), "--dry-run", "--shard", k + "/3");
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out())
                        .contains(
                                "# shard " + k + "/3: " + remotes(run).size() + " of the 12 remote(s) of sync_address")
                        .contains("# pull: ")
                        .contains("# push: conf, md5, collections, commands")
                        .contains("# connections: auto")
                        .contains("# runs: one pass");
                served.addAll(remotes(run));
            }
            assertThat(served).containsExactlyInAnyOrderElementsOf(all);
            assertThat(listening.accept()).as("a dry run connects to nothing").isNull();
            assertThat(incoming).isEmptyDirectory();
        }
    }

    @Test
    void a_shard_serves_the_same_remotes_whatever_the_order_and_the_index_form() throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            all.add("10.0.0." + i + ":41121");
        }
        Set<String> forward = new HashSet<>(remotes(Cli.run(
                "-c", conf("sync_address " + String.join(",", all)).toString(), "--dry-run", "--shard", "2/4")));
        List<String> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        Path conf = conf("sync_address " + String.join(",", reversed), "sync_shard 2-of-4");
        assertThat(new HashSet<>(remotes(Cli.run("-c", conf.toString(), "--dry-run"))))
                .isEqualTo(forward);
        assertThat(new HashSet<>(remotes(Cli.run("-c", conf.toString(), "--dry-run", "--shard-index", "1/4"))))
                .isEqualTo(forward);
        assertThat(forward).isNotEmpty().hasSizeLessThan(all.size());
    }

    @Test
    void without_a_shard_a_dry_run_lists_every_remote_and_an_ssh_drop_as_its_url() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        OpenSshDrop.keygen(key);
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");
        Path conf = conf(
                "sync_address 10.142.50.10, sftp://10.142.60.5, [::1]:4000",
                "sync_sftp_key " + key,
                "sync_sftp_known_hosts " + knownHosts,
                "sync_connections 8");
        Cli run = Cli.run("-c", conf.toString(), "--dry-run", "--daemon");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(remotes(run))
                .containsExactly(
                        "10.142.50.10:41121", "[::1]:4000", "sftp://pandora@10.142.60.5:22/var/spool/pandora/data_in");
        assertThat(run.out())
                .contains("# shard: none (sync_shard not set): all 3 remote(s)")
                .contains("# connections: 8 connection(s) per Tentacle remote")
                .contains("# runs: a pass every 5 s until SIGTERM");
    }

    @Test
    void a_bad_shard_is_a_configuration_error_naming_where_it_was_given() throws Exception {
        Path conf = conf("sync_address 10.0.0.1", "sync_shard 0/4");
        Cli fromFile = Cli.run("-c", conf.toString(), "--dry-run");
        assertThat(fromFile.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(fromFile.err()).contains("line 4: sync_shard: '0/4' names no shard: K must be from 1 to N");
        assertThat(fromFile.out()).isEmpty();

        Path good = conf("sync_address 10.0.0.1");
        Cli option = Cli.run("-c", good.toString(), "--shard", "5/4");
        assertThat(option.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(option.err()).contains("option --shard: '5/4' names no shard");
        Cli form = Cli.run("-c", good.toString(), "--shard", "2:4");
        assertThat(form.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(form.err()).contains("option --shard: '2:4' is not K/N (or K-of-N)");
        Cli index = Cli.run("-c", good.toString(), "--shard-index", "4/4");
        assertThat(index.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(index.err()).contains("option --shard-index: '4/4' names no shard: I must be from 0 to N - 1");
        Cli both = Cli.run("-c", good.toString(), "--shard", "1/2", "--shard-index", "0/2");
        assertThat(both.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(both.err()).contains("--shard and --shard-index");
        try (Stream<Path> left = Files.list(incoming)) {
            assertThat(left).as("nothing done").isEmpty();
        }
    }

    @Test
    void a_shard_with_no_remote_says_so_and_its_pass_touches_no_remote() throws Exception {
        // 10.0.0.1:41121 belongs to one shard of 2; the other has nothing.
        Path conf = conf("sync_address 10.0.0.1", "sync_timeout 1");
        int owner = Shard.owner(io.tentacle.sync.Remote.parse("10.0.0.1", 41121), 2);
        Cli idle = Cli.run("-c", conf.toString(), "--shard", (3 - owner) + "/2", "--retries", "0");
        assertThat(idle.exitCode()).as(idle.out() + idle.err()).isZero();
        assertThat(idle.err())
                .contains("warning: shard " + (3 - owner) + "/2 serves none of the remotes of sync_address");
        assertThat(idle.out()).doesNotContain("10.0.0.1");
    }
}
