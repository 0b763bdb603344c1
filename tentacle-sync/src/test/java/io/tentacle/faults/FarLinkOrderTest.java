package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of work of a pass against a remote that speaks batches, as the wire shows it: every
 * round trip counts on a far link, so the first batch is asked for without listing the remote
 * first, and the configuration exchange goes on a connection of its own instead of after the pull.
 */
class FarLinkOrderTest {
    private static final String FILTERS =
            ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections;.*\\.lock:trans;.*\\.rcmd:commands";

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void batchesStartWithoutAListingAndTheExchangeHasItsOwnConnection() throws IOException {
        Pass pass = passThroughProxy(200);

        List<String> commands = pass.commands();
        int firstBatch = indexOf(commands, "BATCH 2 ");
        assertThat(firstBatch).as("a batch was asked for: %s", commands).isNotNegative();
        assertThat(commands.subList(0, firstBatch))
                .as("the data files are not listed before the first batch")
                .noneMatch(line -> line.endsWith(" LS <>"));
        // 200 files: the first batch (64) came back full, so the other batch connections opened.
        assertThat(pass.remote().connections()).isEqualTo(4);
        String exchange = connectionOf(commands, "LS <x.conf>");
        assertThat(exchange)
                .as("the exchange listed the remote's conf/: %s", commands)
                .isNotNull();
        assertThat(commands)
                .as("the exchange's connection carries no batch")
                .noneMatch(line -> line.startsWith(exchange + " BATCH"));
        assertThat(commands)
                .as("the remote's last empty batch said it holds nothing over sync_max_size: no listing after")
                .noneMatch(line -> line.endsWith(" LS <>"));
    }

    @Test
    @Timeout(60)
    void aFileOverTheMaximumSizeIsListedAfterTheBatchesAndDeclinedThere() throws IOException {
        Pass pass = passThroughProxy(200, 5000);

        List<String> commands = pass.commands();
        int listing = indexOf(commands, "LS <>");
        assertThat(listing)
                .as(
                        "the remote said one file is larger than sync_max_size: listed once the batches ran dry: %s",
                        commands)
                .isGreaterThan(indexOf(commands, "BATCH 2 "));
        assertThat(pass.remote().declinedFiles()).isEqualTo(1);
        assertThat(pass.remote().declined()).singleElement().asString().contains("large.data");
    }

    @Test
    @Timeout(60)
    void extraConnectionsStartAtTheBatchSizeTheFirstReached() throws IOException {
        Pass pass = passThroughProxy(300);

        List<String> commands = pass.commands();
        String first = connectionOf(commands, "BATCH 2 ");
        List<Integer> firstSizes = filesAskedFor(commands, first);
        assertThat(firstSizes)
                .as("the first connection's batches: %s", commands)
                .hasSizeGreaterThan(1);
        List<String> extras = commands.stream()
                .filter(line -> line.contains(" BATCH 2 ") && !line.startsWith(first + " "))
                .map(line -> line.substring(0, line.indexOf(' ')))
                .distinct()
                .toList();
        assertThat(extras).as("extra batch connections: %s", commands).isNotEmpty();
        for (String extra : extras) {
            // Asked after the first connection measured the link: at a size it reached, not the first size again.
            assertThat(firstSizes.subList(1, firstSizes.size()))
                    .as("connection %s began at a size the first connection reached: %s", extra, commands)
                    .contains(filesAskedFor(commands, extra).get(0));
        }
    }

    /** The FILES of each batch request of {@code connection} that asks for files, in order. */
    private static List<Integer> filesAskedFor(List<String> commands, String connection) {
        return commands.stream()
                .filter(line -> line.startsWith(connection + " BATCH 2 "))
                .map(line -> Integer.parseInt(line.replaceAll(".* FILES (\\d+) .*", "$1")))
                .filter(files -> files > 0)
                .toList();
    }

    @Test
    @Timeout(60)
    void aRemoteOfOneBatchGetsItsExchangeOnTheSameConnectionAfterThePull() throws IOException {
        Pass pass = passThroughProxy(10);

        List<String> commands = pass.commands();
        String batches = connectionOf(commands, "BATCH 2 ");
        // Ten files are one batch: a connection (and a thread) for the exchange would cost more than
        // it saves, and a thousand small remotes would need a thousand more.
        assertThat(connectionOf(commands, "LS <x.conf>"))
                .as("the exchange follows the pull on its connection: %s", commands)
                .isEqualTo(batches);
        assertThat(commands.stream()
                        .map(line -> line.substring(0, line.indexOf(' ')))
                        .distinct())
                .as("one connection in all: %s", commands)
                .hasSize(1);
    }

    /** What one pass over a remote of ours holding {@code files} data files did, and said on the wire. */
    private record Pass(RemoteReport remote, List<String> commands) {}

    private Pass passThroughProxy(int files) throws IOException {
        return passThroughProxy(files, 0);
    }

    /**
     * One pass through a recording proxy; every file must arrive whole, except one of {@code largeBytes}
     * (when not 0) over the pass's sync_max_size, which must stay on the remote.
     */
    private Pass passThroughProxy(int files, int largeBytes) throws IOException {
        Path spool = Files.createDirectories(tmp.resolve("site"));
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", files, 1000, 7);
        if (largeBytes > 0) {
            Files.write(spool.resolve("large.data"), new byte[largeBytes]);
        }
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .insecure(true)
                        .overwrite(true)
                        .filters(Filters.parse(FILTERS))
                        .build());
                FaultProxy proxy = new FaultProxy(server.port(), (conn, upstream) -> FaultProxy.Verdict.PASS)) {
            SyncConfig config = SyncConfig.builder(Files.createDirectories(tmp.resolve("data_in")))
                    .remote(new Remote("127.0.0.1", proxy.port()))
                    .maxSize(largeBytes > 0 ? largeBytes - 1 : SyncConfig.DEFAULT_MAX_SIZE)
                    .build();

            PassReport pass = new SyncEngine(config, SyncListener.NONE).runPass();

            assertThat(pass.ok()).as(pass.toJson()).isTrue();
            assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);
            if (largeBytes > 0) {
                assertThat(spool.resolve("large.data")).as("left on the remote").hasSize(largeBytes);
            }
            return new Pass(pass.remotes().get(0), List.copyOf(proxy.commands));
        }
    }

    private static int indexOf(List<String> commands, String command) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).substring(commands.get(i).indexOf(' ') + 1).startsWith(command)) {
                return i;
            }
        }
        return -1;
    }

    private static String connectionOf(List<String> commands, String command) {
        int i = indexOf(commands, command);
        return i < 0 ? null : commands.get(i).substring(0, commands.get(i).indexOf(' '));
    }
}
