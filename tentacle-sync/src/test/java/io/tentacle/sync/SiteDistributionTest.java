package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration goes and when it is taken back, decided against in-process servers of ours. */
class SiteDistributionTest {
    private static final String FILTERS =
            ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections;.*\\.lock:trans;.*\\.rcmd:commands";

    @TempDir
    Path tmp;

    private final List<TentacleServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TentacleServer::close);
    }

    @Test
    void agentKeysAreReadAsPandorasDataServerReadsThem() {
        String unix = AgentKey.md5Hex("web-1");
        assertThat(AgentKey.ofDataFile(unix + ".1700000000.data")).contains(unix);
        assertThat(AgentKey.ofDataFile("WIN-01.12345.data")).contains("WIN-01");
        assertThat(AgentKey.ofDataFile("agent_7.data")).contains("agent");
        assertThat(AgentKey.ofDataFile("WIN-01.12345.data_BADXML")).isEmpty();
        assertThat(AgentKey.ofDataFile("notes.txt")).isEmpty();
        // A Unix agent's key is its conf name; a Windows agent's conf is named after the md5 of its name.
        assertThat(AgentKey.configurationKeys(unix)).contains(unix);
        assertThat(AgentKey.configurationKeys("WIN-01")).containsExactly(AgentKey.md5Hex("WIN-01"));
        assertThat(unix).isEqualTo("a2e3a94e0befb3546bfea8a1cb24ac48"); // md5 -s web-1
    }

    @Test
    void anAgentsConfigurationFollowsItsDataToTheNewSite() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        SyncConfig config =
                SyncConfig.builder(incoming).remote(remote(a)).remote(remote(b)).build();
        String key = AgentKey.md5Hex("WIN-01"); // A Windows agent: data named after the agent, conf after its md5.
        write(incoming.resolve("conf/" + key + ".conf"), "module 1\n");
        write(incoming.resolve("md5/" + key + ".md5"), "11111111111111111111111111111111");

        PassReport unknown = new SyncEngine(config, SyncListener.NONE).runPass();
        assertThat(unknown.ok()).isTrue();
        assertThat(a.resolve("conf/" + key + ".conf")).doesNotExist(); // No site known yet: no remote gets it.
        assertThat(b.resolve("conf/" + key + ".conf")).doesNotExist();

        write(a.resolve("WIN-01.17.data"), "<agent_data/>");
        assertThat(new SyncEngine(config, SyncListener.NONE).runPass().ok()).isTrue();
        assertThat(a.resolve("conf/" + key + ".conf")).hasContent("module 1\n");
        assertThat(a.resolve("md5/" + key + ".md5")).hasContent("11111111111111111111111111111111");
        assertThat(b.resolve("conf/" + key + ".conf")).doesNotExist();

        write(b.resolve("WIN-01.9.data"), "<agent_data/>");
        PassReport moved = new SyncEngine(config, SyncListener.NONE).runPass();
        // The move is seen when B's data arrives; A's pass may have run first in that pass.
        PassReport settled = new SyncEngine(config, SyncListener.NONE).runPass();
        assertThat(moved.ok()).isTrue();
        assertThat(settled.ok()).isTrue();
        assertThat(b.resolve("conf/" + key + ".conf")).hasContent("module 1\n");
        assertThat(a.resolve("conf/" + key + ".conf")).doesNotExist();
        assertThat(a.resolve("md5/" + key + ".md5")).doesNotExist();
        assertThat(incoming.resolve("conf/" + key + ".conf")).hasContent("module 1\n");
    }

    /**
     * The exchange runs beside a batch pull: an agent known (from its data) to live behind A whose data
     * now comes from B must not lose its configuration on B to an exchange that ran before B's data of
     * it arrived, and B gets the central's configuration in that same pass.
     */
    @Test
    void anAgentMovingHereKeepsItsConfigurationWhileTheExchangeRunsBesideThePull() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        String key = AgentKey.md5Hex("WIN-01");
        write(incoming.resolve("conf/" + key + ".conf"), "module 1\n");
        write(incoming.resolve("md5/" + key + ".md5"), "11111111111111111111111111111111");
        write(a.resolve("WIN-01.17.data"), "<agent_data/>");
        assertThat(new SyncEngine(SyncConfig.builder(incoming).remote(remote(a)).build(), SyncListener.NONE)
                        .runPass()
                        .ok())
                .isTrue();
        assertThat(Files.readString(incoming.resolve(".tentacle-sync/sites")))
                .contains(key + "\t" + remote(a).label() + "\tdata");

        // B: the agent's own upload, and its data behind a few hundred other files (batches send the oldest first).
        write(b.resolve("conf/" + key + ".conf"), "agent\n");
        write(b.resolve("md5/" + key + ".md5"), "33333333333333333333333333333333");
        TestFiles.dataFiles(b, "other", 400, 1000, 5);
        Path moved = b.resolve("WIN-01.18.data");
        write(moved, "<agent_data/>");
        Files.setLastModifiedTime(moved, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> deleted = new CopyOnWriteArrayList<>();
        SyncListener deletions = new SyncListener() {
            @Override
            public void deleted(Remote remote, String name) {
                deleted.add(name);
            }
        };

        PassReport pass =
                new SyncEngine(SyncConfig.builder(incoming).remote(remote(b)).build(), deletions).runPass();

        assertThat(pass.ok()).as(pass.toJson()).isTrue();
        assertThat(pass.remotes().get(0).pulledFiles()).isEqualTo(401);
        assertThat(deleted).as("nothing deleted on the site the agent moved to").isEmpty();
        assertThat(b.resolve("conf/" + key + ".conf")).hasContent("module 1\n");
        assertThat(b.resolve("md5/" + key + ".md5")).hasContent("11111111111111111111111111111111");
    }

    @Test
    void theCentralHadFlagIsKeptAcrossPassesSoAResetIsNotUndone() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Path a = Files.createDirectories(tmp.resolve("a"));
        SyncConfig config = SyncConfig.builder(incoming).remote(remote(a)).build();
        String key = AgentKey.md5Hex("web-1");
        write(incoming.resolve("conf/" + key + ".conf"), "console\n");
        write(incoming.resolve("md5/" + key + ".md5"), "22222222222222222222222222222222");
        write(a.resolve(key + ".1.data"), "<agent_data/>");
        assertThat(new SyncEngine(config, SyncListener.NONE).runPass().ok()).isTrue();
        assertThat(Files.readString(incoming.resolve(".tentacle-sync/sites")))
                .contains(key + "\t" + remote(a).label());

        // Reset: the central's files go; the remote's are deleted and not copied back, in this pass or the next.
        Files.delete(incoming.resolve("conf/" + key + ".conf"));
        Files.delete(incoming.resolve("md5/" + key + ".md5"));
        assertThat(new SyncEngine(config, SyncListener.NONE).runPass().ok()).isTrue();
        assertThat(a.resolve("conf/" + key + ".conf")).doesNotExist();
        assertThat(new SyncEngine(config, SyncListener.NONE)
                        .runPass()
                        .remotes()
                        .get(0)
                        .copiedFiles())
                .isZero();
        assertThat(incoming.resolve("conf/" + key + ".conf")).doesNotExist();

        // The agent uploads its own afterwards: taken, conf and md5.
        write(a.resolve("conf/" + key + ".conf"), "agent\n");
        write(a.resolve("md5/" + key + ".md5"), "33333333333333333333333333333333");
        assertThat(new SyncEngine(config, SyncListener.NONE).runPass().ok()).isTrue();
        assertThat(incoming.resolve("conf/" + key + ".conf")).hasContent("agent\n");
        assertThat(incoming.resolve("md5/" + key + ".md5")).hasContent("33333333333333333333333333333333");
    }

    private Remote remote(Path spool) throws IOException {
        for (TentacleServer s : servers) {
            if (s.config().directory().equals(spool)) {
                return new Remote("127.0.0.1", s.port());
            }
        }
        TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(true)
                .filters(Filters.parse(FILTERS))
                .build());
        servers.add(server);
        return new Remote("127.0.0.1", server.port());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
