package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The at-least-once guarantee of one pass against one remote of ours, in process: a file leaves the
 * remote only once it is stored here, whether it travels in batches or by MV.
 */
class RemotePassTest {
    @TempDir
    Path tmp;

    private final InProcessRemotes remotes = new InProcessRemotes();

    @AfterEach
    void stop() {
        remotes.close();
    }

    private SyncConfig.Builder config(Remote remote, boolean batches) throws IOException {
        return SyncConfig.builder(Files.createDirectories(tmp.resolve("data_in")))
                .remote(remote)
                .batches(batches)
                .connections(4)
                .retries(0)
                .timeout(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "batches {0}")
    @ValueSource(booleans = {true, false})
    void everyFileIsMovedExactlyOnceAndRemovedFromTheRemote(boolean batches) throws IOException {
        Path spool = tmp.resolve("remote");
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 60, 20_000, 7);
        Remote remote = remotes.start(spool);

        RemoteReport report = InProcessRemotes.pass(config(remote, batches).build(), remote, SyncListener.NONE);

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.pulledFiles()).isEqualTo(60);
        assertThat(report.duplicates()).isZero();
        assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);
        assertThat(InProcessRemotes.dataFiles(spool))
                .as("the remote, once the pass reports")
                .isEmpty();
        assertThat(TestFiles.tempFiles(spool)).isEmpty();
        assertThat(TestFiles.tempFiles(tmp.resolve("data_in"))).isEmpty();
    }

    @ParameterizedTest(name = "batches {0}")
    @ValueSource(booleans = {true, false})
    void aFileThatCannotBeStoredHereStaysOnTheRemote(boolean batches) throws IOException {
        Path spool = tmp.resolve("remote");
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 5, 1_000, 11);
        Remote remote = remotes.start(spool);
        SyncConfig config = config(remote, batches).connections(1).build();
        // Where agent.2.data would be staged, a directory with something in it: storing it here fails.
        Path blocked = new Incoming(config.incomingDir()).staged(remote, "agent.2.data");
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("in-the-way"), "x");

        RemoteReport failed = InProcessRemotes.pass(config, remote, SyncListener.NONE);

        assertThat(failed.ok()).as(failed.summary()).isFalse();
        assertThat(failed.errors()).isNotEmpty();
        assertThat(InProcessRemotes.dataFiles(spool)).contains("agent.2.data");
        assertThat(TestFiles.sha256(spool.resolve("agent.2.data"))).isEqualTo(expected.get("agent.2.data"));
        assertThat(tmp.resolve("data_in/agent.2.data")).doesNotExist();

        Files.delete(blocked.resolve("in-the-way"));
        Files.delete(blocked);
        RemoteReport healed = InProcessRemotes.pass(config, remote, SyncListener.NONE);
        assertThat(healed.ok()).as(healed.summary()).isTrue();
        assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);
        assertThat(InProcessRemotes.dataFiles(spool)).isEmpty();
    }

    @ParameterizedTest(name = "batches {0}")
    @ValueSource(booleans = {true, false})
    void aFullIncomingDirectoryLeavesTheRestOnTheRemote(boolean batches) throws IOException {
        Path spool = tmp.resolve("remote");
        TestFiles.dataFiles(spool, "agent", 8, 1_000, 13);
        Remote remote = remotes.start(spool);

        RemoteReport report =
                InProcessRemotes.pass(config(remote, batches).maxQueueFiles(3).build(), remote, SyncListener.NONE);

        assertThat(report.pulledFiles()).as(report.summary()).isEqualTo(3);
        assertThat(report.leftFiles()).isEqualTo(5);
        assertThat(TestFiles.checksums(tmp.resolve("data_in"))).hasSize(3);
        assertThat(InProcessRemotes.dataFiles(spool)).hasSize(5);
    }

    /**
     * The connection drops after a file is stored here and before the puller's next command confirms
     * the MV: the remote puts it back, and the next pass pulls it again as a duplicate, not a second copy.
     */
    @Test
    void anUnconfirmedMoveIsPutBackAndPulledAgainAsADuplicate() throws IOException {
        Path spool = tmp.resolve("remote");
        Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 3, 1_000, 17);
        Remote remote = remotes.start(spool);
        AtomicBoolean dropped = new AtomicBoolean();
        SyncListener dropAfterFirst = new SyncListener() {
            @Override
            public void pulled(Remote from, String name, long size) {
                if (dropped.compareAndSet(false, true)) {
                    remotes.stop(from); // Stored here, not yet confirmed there.
                }
            }
        };
        SyncConfig config = config(remote, false).connections(1).build();

        RemoteReport cut = InProcessRemotes.pass(config, remote, dropAfterFirst);

        assertThat(cut.ok()).as(cut.summary()).isFalse();
        assertThat(cut.pulledFiles()).isEqualTo(1);
        Map<String, String> here = TestFiles.checksums(tmp.resolve("data_in"));
        assertThat(here).hasSize(1);
        assertThat(InProcessRemotes.dataFiles(spool))
                .as("put back on the remote")
                .hasSize(3)
                .containsAll(here.keySet());

        Remote again = remotes.start(spool);
        RemoteReport healed =
                InProcessRemotes.pass(config(again, false).connections(1).build(), again, SyncListener.NONE);

        assertThat(healed.ok()).as(healed.summary()).isTrue();
        assertThat(healed.pulledFiles()).isEqualTo(3);
        assertThat(healed.duplicates()).isEqualTo(1);
        assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);
        assertThat(InProcessRemotes.dataFiles(spool)).isEmpty();
    }

    @Test
    void filesOfTwoRemotesUnderOneNameAreBothKeptAndTheSameBytesOnlyOnce() throws IOException {
        Remote a = remotes.start(tmp.resolve("a"));
        Remote b = remotes.start(tmp.resolve("b"));
        Remote c = remotes.start(tmp.resolve("c"));
        Files.writeString(tmp.resolve("a/WIN-01.7.data"), "<agent_data>a</agent_data>");
        Files.writeString(tmp.resolve("b/WIN-01.7.data"), "<agent_data>b</agent_data>");
        Files.writeString(tmp.resolve("c/WIN-01.7.data"), "<agent_data>a</agent_data>"); // The same bytes as a's.
        SyncConfig config = config(a, false).build();

        List<RemoteReport> reports = List.of(
                InProcessRemotes.pass(config, a, SyncListener.NONE),
                InProcessRemotes.pass(config, b, SyncListener.NONE),
                InProcessRemotes.pass(config, c, SyncListener.NONE));

        assertThat(reports).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
        assertThat(reports.stream().mapToInt(RemoteReport::duplicates).sum()).isEqualTo(1);
        Map<String, String> here = TestFiles.checksums(tmp.resolve("data_in"));
        assertThat(here).containsKey("WIN-01.7.data").hasSize(2);
        assertThat(here.keySet())
                .allSatisfy(name -> assertThat(AgentKey.ofDataFile(name)).contains("WIN-01"));
        assertThat(tmp.resolve("data_in/WIN-01.7.data")).hasContent("<agent_data>a</agent_data>");
        assertThat(List.of("a", "b", "c"))
                .allSatisfy(r ->
                        assertThat(InProcessRemotes.dataFiles(tmp.resolve(r))).isEmpty());
    }
}
