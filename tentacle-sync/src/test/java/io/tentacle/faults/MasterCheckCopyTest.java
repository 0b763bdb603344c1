package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master check against a far remote: with batch version 2 it copies all of the remote's md5 files in
 * a few round trips (COPY) instead of fetching one per agent (two round trips each), and pushes exactly
 * what it pushed before, only what differs, in one PUT for the payloads and one for their md5s instead of
 * a SEND (two round trips) each. A remote of version 1 is checked and pushed to file by file, as before.
 */
class MasterCheckCopyTest {
    private static final String FILTERS =
            ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections;.*\\.lock:trans;.*\\.rcmd:commands";
    private static final int AGENTS = 30;
    /** Agents whose configuration the central changes between the passes. */
    private static final int CHANGED = 3;

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void aRemoteOfVersion2IsCheckedWithOneCopyOfItsMd5Files() throws Exception {
        List<String> second = secondPassCommands(BatchFormat.VERSION);

        assertThat(second).as("%s", second).anyMatch(line -> line.contains(" COPY 2 <x.md5> "));
        assertThat(second)
                .as("no md5 fetched by name: %s", second)
                .noneMatch(line -> line.contains("RECV <") && line.contains(".md5>"));
        // The recorder cuts lines at newlines only: a PUT line may follow the previous PUT's payload.
        assertThat(second.stream().filter(line -> line.contains("PUT 2 FILES ")))
                .as("the changed agents' confs, then their md5s: %s", second)
                .hasSize(2)
                .allMatch(line -> line.contains("PUT 2 FILES " + CHANGED + " "));
        assertThat(second).as("nothing by SEND: %s", second).noneMatch(line -> line.contains("SEND <"));
    }

    @Test
    @Timeout(60)
    void aRemoteOfVersion1IsCheckedFileByFileAsBefore() throws Exception {
        List<String> second = secondPassCommands(1);

        assertThat(second).as("%s", second).noneMatch(line -> line.contains(" COPY "));
        assertThat(second.stream().filter(line -> line.contains("RECV <") && line.contains(".md5>")))
                .as("one fetch per agent: %s", second)
                .hasSize(AGENTS);
        assertThat(second.stream().filter(line -> line.contains("SEND <")))
                .as("a conf and an md5 per changed agent: %s", second)
                .hasSize(2 * CHANGED);
        assertThat(second).noneMatch(line -> line.contains(" PUT "));
    }

    /**
     * Two passes against a remote holding the data of {@code AGENTS} Windows agents: the first teaches
     * the central where they live and pushes their configuration; between the two, the first {@code CHANGED}
     * agents' change on the central. Returns what the second pass said on the wire, after asserting that it
     * pushed their confs and md5s and nothing else, and that the remote then holds the central's copy of
     * every file.
     */
    private List<String> secondPassCommands(int batchVersion) throws IOException, NoSuchAlgorithmException {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        for (int i = 0; i < AGENTS; i++) {
            Files.writeString(site.resolve("WIN-" + i + ".1.data"), "<agent_data/>");
            central(incoming, i, "module " + i + "\n");
        }
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(site)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .insecure(true)
                        .overwrite(true)
                        .filters(Filters.parse(FILTERS))
                        .batchVersion(batchVersion)
                        .build());
                FaultProxy proxy = new FaultProxy(server.port(), (conn, upstream) -> FaultProxy.Verdict.PASS)) {
            SyncConfig config = SyncConfig.builder(incoming)
                    .remote(new Remote("127.0.0.1", proxy.port()))
                    .build();
            PassReport first = new SyncEngine(config, SyncListener.NONE).runPass();
            assertThat(first.ok()).as(first.toJson()).isTrue();
            assertThat(first.remotes().get(0).pushedFiles()).isEqualTo(2 * AGENTS);

            for (int i = 0; i < CHANGED; i++) {
                central(incoming, i, "module changed\n");
            }
            int before = proxy.commands.size();
            PassReport second = new SyncEngine(config, SyncListener.NONE).runPass();

            assertThat(second.ok()).as(second.toJson()).isTrue();
            assertThat(second.remotes().get(0).pushedFiles())
                    .as("only the changed agents' confs and md5s: %s", second.toJson())
                    .isEqualTo(2 * CHANGED);
            for (int i = 0; i < AGENTS; i++) {
                String key = md5Hex("WIN-" + i);
                assertThat(site.resolve("conf/" + key + ".conf"))
                        .hasSameBinaryContentAs(incoming.resolve("conf/" + key + ".conf"));
                assertThat(site.resolve("md5/" + key + ".md5"))
                        .hasSameBinaryContentAs(incoming.resolve("md5/" + key + ".md5"));
            }
            return List.copyOf(proxy.commands.subList(before, proxy.commands.size()));
        }
    }

    /** Agent {@code i}'s configuration on the central: its conf, and the md5 of it as the console writes it. */
    private static void central(Path incoming, int i, String conf) throws IOException, NoSuchAlgorithmException {
        String key = md5Hex("WIN-" + i);
        Files.createDirectories(incoming.resolve("conf"));
        Files.createDirectories(incoming.resolve("md5"));
        Files.writeString(incoming.resolve("conf/" + key + ".conf"), conf);
        Files.writeString(incoming.resolve("md5/" + key + ".md5"), md5Hex(conf));
    }

    private static String md5Hex(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
