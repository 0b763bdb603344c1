package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the puller puts a download into the incoming directory: never over a file, always readable by the data server. */
class IncomingTest {
    /** Pandora's data server (DataServer.pm): the names it reads, the captured part being the agent key. */
    private static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");

    @TempDir
    Path tmp;

    @Test
    void aTakenNameGivesAFreeNameWithTheSameAgentKeyAndTheSameBytesAreADuplicate() throws IOException {
        Incoming incoming = new Incoming(tmp.resolve("data_in"));
        Path staging = Files.createDirectories(incoming.work().resolve("staging/r"));
        Files.writeString(incoming.root().resolve("WIN-01.12345.data"), "earlier");

        Incoming.Published other =
                incoming.publishData(write(staging, "WIN-01.12345.data", "later"), "WIN-01.12345.data");
        Incoming.Published again =
                incoming.publishData(write(staging, "WIN-01.12345.data", "later"), "WIN-01.12345.data");

        assertThat(other.duplicate()).isFalse();
        assertThat(other.path().getFileName().toString()).isEqualTo("WIN-01.123451.data");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.path()).isEqualTo(other.path());
        assertThat(incoming.root().resolve("WIN-01.12345.data")).hasContent("earlier");
        assertThat(other.path()).hasContent("later");
        try (Stream<Path> files = Files.list(incoming.root())) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> agentKey(f.getFileName().toString())))
                    .containsExactly("WIN-01", "WIN-01");
        }
        assertThat(staging).isEmptyDirectory();
    }

    /** A pass killed between storing a download and publishing it: the next start finishes the job. */
    @Test
    void aDownloadStagedByAKilledPassIsPublishedAtTheNextStartWithoutReplacingAnything() throws IOException {
        Incoming incoming = new Incoming(tmp.resolve("data_in"));
        Remote remote = new Remote("127.0.0.1", 41121);
        Path staging = Files.createDirectories(incoming.staging(remote));
        write(staging, "WIN-01.1.data", "stored before the kill");
        write(staging, "WIN-01.2.data", "the same bytes again");
        Files.writeString(incoming.root().resolve("WIN-01.2.data"), "the same bytes again");
        write(staging, ".tentacle-WIN-01.3.data.part", "half");
        Path copies = Files.createDirectories(incoming.copies(remote));
        write(copies, "a2e3a94e0befb3546bfea8a1cb24ac48.conf", "half-copied configuration");

        assertThat(incoming.recover()).isEqualTo(2);

        assertThat(incoming.root().resolve("WIN-01.1.data")).hasContent("stored before the kill");
        assertThat(incoming.root().resolve("WIN-01.2.data")).hasContent("the same bytes again");
        try (Stream<Path> files = Files.list(incoming.root())) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(2);
        }
        assertThat(staging).isEmptyDirectory();
        assertThat(copies).isEmptyDirectory();
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String agentKey(String name) {
        Matcher m = DATA_SERVER.matcher(name);
        return m.matches() ? m.group(1) : "(not read by the data server: " + name + ")";
    }
}
