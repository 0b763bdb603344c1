package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookups and the publishing rename of a stored file, with links and a directory moved away under them. */
class SpoolDirectoryTest {
    @TempDir
    Path base;

    private Path spool;
    private SpoolDirectory directory;

    @BeforeEach
    void open() throws IOException {
        spool = Files.createDirectory(base.resolve("spool"));
        Files.writeString(base.resolve("outside.data"), "outside");
        Files.writeString(spool.resolve("taken.data"), "old");
        Files.createSymbolicLink(spool.resolve("link.data"), base.resolve("outside.data"));
        Files.createSymbolicLink(spool.resolve("dangling.data"), base.resolve("nothing.data"));
        Files.createDirectory(spool.resolve("dir.data"));
        directory = SpoolDirectory.openRoot(spool);
    }

    @AfterEach
    void close() throws IOException {
        directory.closeShared();
    }

    @Test
    void onlyARegularFileIsARegularFile() throws IOException {
        assertThat(directory.isRegularFile("taken.data")).isTrue();
        assertThat(directory.isRegularFile("link.data")).isFalse();
        assertThat(directory.isRegularFile("dangling.data")).isFalse();
        assertThat(directory.isRegularFile("dir.data")).isFalse();
        assertThat(directory.isRegularFile("absent.data")).isFalse();
    }

    @Test
    void publishesUnderOneNameOnly() throws IOException {
        String temp = written("new");
        directory.renameUnlessTaken(temp, "fresh.data");
        assertThat(spool.resolve("fresh.data")).hasContent("new");
        assertThat(spool.resolve(temp)).doesNotExist();
        assertThat(Files.getAttribute(spool.resolve("fresh.data"), "unix:nlink"))
                .isEqualTo(1);
    }

    @Test
    void neverReplacesAnEntryNorFollowsOne() throws IOException {
        for (String name : new String[] {"taken.data", "link.data", "dangling.data", "dir.data"}) {
            String temp = written("new");
            assertThatThrownBy(() -> directory.renameUnlessTaken(temp, name))
                    .as(name)
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(spool.resolve(temp)).as(name).hasContent("new");
            directory.delete(temp);
        }
        assertThat(spool.resolve("taken.data")).hasContent("old");
        assertThat(spool.resolve("link.data")).isSymbolicLink();
        assertThat(spool.resolve("dangling.data")).isSymbolicLink();
        assertThat(base.resolve("nothing.data")).doesNotExist();
        assertThat(base.resolve("outside.data")).hasContent("outside");
        assertThat(spool.resolve("dir.data")).isDirectory();
    }

    @Test
    void staysInTheOpenedDirectoryWhenItsPathLeadsElsewhere() throws IOException {
        String temp = written("new");
        Path moved = base.resolve("moved");
        Files.move(spool, moved);
        Files.createDirectory(spool);
        Files.writeString(spool.resolve("fresh.data"), "someone else's");

        directory.renameUnlessTaken(temp, "fresh.data");

        assertThat(moved.resolve("fresh.data")).hasContent("new");
        assertThat(moved.resolve(temp)).doesNotExist();
        assertThat(spool.resolve("fresh.data")).hasContent("someone else's");
        assertThat(Files.exists(spool.resolve(temp), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    private String written(String content) throws IOException {
        String temp = SpoolFiles.newTempName();
        try (FileChannel channel = directory.createNew(temp)) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        }
        return temp;
    }
}
