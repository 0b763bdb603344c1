package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.FreeNames;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MV claims its file: a second MV of the name finds nothing, and no newer upload of it is ever deleted. */
@ExtendWith(NoLeaks.class)
class MoveClaimTest extends ServerTestSupport {
    @Test
    void ofTwoMovesOfOneNameOneGetsTheFileTheOtherErr() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.insecure(true));
        try (RawClient first = RawClient.connect(port());
                RawClient second = RawClient.connect(port())) {
            first.writeLine("MV <a.data>");
            assertThat(first.readLine()).isEqualTo("MV SIZE 3");
            second.writeLine("MV <a.data>");
            assertThat(second.readLine()).isEqualTo("MV ERR");
            first.writeLine("MV OK");
            assertThat(first.readBytes(3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
            first.writeLine("QUIT");
            assertThat(first.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void movesRacingForTheSameNamesGetEachFileOnce() throws Exception {
        int files = 40;
        for (int i = 0; i < files; i++) {
            Files.writeString(dir.resolve("f" + i + ".data"), "content " + i);
        }
        start(b -> b.insecure(true));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> racers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                racers.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    try (RawClient c = RawClient.connect(port())) {
                        go.await();
                        for (int i = 0; i < files; i++) {
                            c.writeLine("MV <f" + i + ".data>");
                            String reply = c.readLine();
                            if (reply.startsWith("MV SIZE ")) {
                                c.writeLine("MV OK");
                                got.add(new String(
                                        c.readBytes(Integer.parseInt(reply.substring(8))), StandardCharsets.UTF_8));
                            } else {
                                assertThat(reply).isEqualTo("MV ERR");
                            }
                        }
                        c.writeLine("QUIT");
                        assertThat(c.isClosedByPeer()).isTrue();
                    }
                    return got;
                }));
            }
            go.countDown();
            List<String> received = new ArrayList<>();
            for (Future<List<String>> racer : racers) {
                received.addAll(racer.get(60, TimeUnit.SECONDS));
            }
            assertThat(received).hasSize(files).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void aNewerUploadDuringAMoveIsNotDeletedByItsConfirmation() throws Exception {
        Files.writeString(dir.resolve("a.data"), "old");
        start(b -> b.insecure(true).overwrite(true));
        try (RawClient mover = RawClient.connect(port());
                RawClient agent = RawClient.connect(port())) {
            mover.writeLine("MV <a.data>");
            assertThat(mover.readLine()).isEqualTo("MV SIZE 3");
            mover.writeLine("MV OK");
            assertThat(mover.readBytes(3)).isEqualTo("old".getBytes(StandardCharsets.US_ASCII));
            agent.writeLine("SEND <a.data> SIZE 3");
            assertThat(agent.readLine()).isEqualTo("SEND OK");
            agent.write("new".getBytes(StandardCharsets.US_ASCII));
            assertThat(agent.readLine()).isEqualTo("SEND OK");
            mover.writeLine("QUIT"); // Confirms the move: the old file goes, not the agent's.
            assertThat(mover.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).containsExactly("a.data");
        assertThat(dir.resolve("a.data")).hasContent("new");
    }

    @Test
    void anUnconfirmedMoveComesBackBesideANewerFileOfItsName() throws Exception {
        Files.writeString(dir.resolve("agent.7.data"), "old");
        try (LogCapture log = LogCapture.server()) {
            start(b -> b.insecure(true));
            try (RawClient mover = RawClient.connect(port())) {
                mover.writeLine("MV <agent.7.data>");
                assertThat(mover.readLine()).isEqualTo("MV SIZE 3");
                mover.writeLine("MV OK");
                mover.readBytes(3);
                try (RawClient agent = RawClient.connect(port())) {
                    agent.writeLine("SEND <agent.7.data> SIZE 3");
                    assertThat(agent.readLine()).isEqualTo("SEND OK");
                    agent.write("new".getBytes(StandardCharsets.US_ASCII));
                    assertThat(agent.readLine()).isEqualTo("SEND OK");
                }
            } // The mover leaves without confirming.
            assertThat(log.awaitLine("kept as")).isTrue();
        }
        assertThat(dir.resolve("agent.7.data")).hasContent("new");
        List<String> kept =
                allFiles().stream().filter(f -> !f.equals("agent.7.data")).toList();
        assertThat(kept).containsExactly("agent.71.data"); // The data server reads it as agent's, as the original.
        assertThat(dir.resolve(kept.get(0))).hasContent("old");
    }

    /** The put-back and an upload of the name land at the same moment, round after round: neither file is lost. */
    @Test
    void aMoveGivenBackWhileAnUploadOfItsNameIsStoredLosesNeither() throws Exception {
        int rounds = 400;
        start(b -> b.insecure(true).maxSessions(16)); // Eight movers and eight agents at once.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String name = "r" + i + ".data";
                Files.writeString(dir.resolve(name), "old");
                outcomes.add(pool.submit(() -> moveGivenBackDuringUpload(name)));
            }
            List<String> stored = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String name = outcome.get(60, TimeUnit.SECONDS);
                if (name != null) {
                    stored.add(name);
                }
            }
            List<String> files = allFiles();
            for (String name : stored) {
                List<String> contents = new ArrayList<>();
                for (String f : files) {
                    if (f.equals(name) || f.equals(FreeNames.alternative(name, 1))) {
                        contents.add(Files.readString(dir.resolve(f)));
                    }
                }
                assertThat(contents)
                        .as(name + ": the agent got SEND OK, the move was not confirmed")
                        .containsExactlyInAnyOrder("old", "new");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns the name when the upload was stored (SEND OK), null when it was refused because the file was back first. */
    private String moveGivenBackDuringUpload(String name) throws Exception {
        try (RawClient mover = RawClient.connect(port());
                RawClient agent = RawClient.connect(port())) {
            mover.writeLine("MV <" + name + ">");
            assertThat(mover.readLine()).isEqualTo("MV SIZE 3");
            agent.writeLine("SEND <" + name + "> SIZE 3");
            if (!agent.readLine().equals("SEND OK")) {
                return null; // The mover's session ended (idle on a loaded machine) and the file came back first.
            }
            mover.writeLine("MV CANCEL"); // Not the go-ahead: the file is given back.
            agent.write("new".getBytes(StandardCharsets.US_ASCII));
            mover.writeLine("QUIT");
            String reply = agent.readLine();
            assertThat(mover.isClosedByPeer()).isTrue();
            return reply.equals("SEND OK") ? name : null;
        }
    }

    @Test
    void aRestartGivesFilesBeingMovedTheirNamesBack() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        // What a kill -9 mid-MV leaves: the file under its claimed name.
        Files.move(dir.resolve("a.data"), dir.resolve(".tentacle.mv.0123abcd.a.data"));
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 3");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("a.data");
        }
    }
}
