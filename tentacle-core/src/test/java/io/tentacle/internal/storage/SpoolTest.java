package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private final List<Spool> opened = new ArrayList<>();

    private Spool spool() {
        Spool spool = new Spool(dir, Filters.parse("\\.conf$:conf;\\.md5$:md5"), NameRules.standard());
        opened.add(spool);
        return spool;
    }

    @AfterEach
    void close() throws IOException {
        for (Spool spool : opened) {
            spool.close();
        }
    }

    @Test
    void namesAreRoutedByTheFilters() {
        Spool spool = spool();
        assertThat(spool.pathFor("a.conf")).isEqualTo(dir.resolve("conf/a.conf"));
        assertThat(spool.pathFor("a.md5")).isEqualTo(dir.resolve("md5/a.md5"));
        assertThat(spool.pathFor("a.data")).isEqualTo(dir.resolve("a.data"));
        assertThat(spool.directoryFor("")).isEqualTo(dir);
        assertThat(spool.directoryFor("x.conf")).isEqualTo(dir.resolve("conf"));
    }

    @Test
    void listingShowsRegularFilesWithValidNamesOnly() throws IOException {
        Files.writeString(dir.resolve("a.data"), "a");
        Files.writeString(dir.resolve("b.data"), "b");
        Files.writeString(dir.resolve(".hidden"), "h");
        Files.createDirectory(dir.resolve("subdir"));
        Files.createSymbolicLink(dir.resolve("link.data"), dir.resolve("a.data"));
        IncomingFile inProgress = IncomingFile.create(dir.resolve("c.data"));
        try {
            assertThat(spool().list("a.data")).containsExactlyInAnyOrder("a.data", "b.data");
        } finally {
            inProgress.abort();
        }
    }

    @Test
    void listingAMissingDirectoryFails() {
        assertThatThrownBy(() -> spool().list("x.conf")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteRemovesRegularFilesOnly() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/a.conf"), "a");
        Files.createDirectory(dir.resolve("d.data"));
        Spool spool = spool();
        assertThat(spool.hasFile("a.conf")).isTrue();
        assertThat(spool.delete("a.conf")).isTrue();
        assertThat(dir.resolve("conf/a.conf")).doesNotExist();
        assertThat(spool.delete("a.conf")).isFalse();
        assertThat(spool.hasFile("d.data")).isFalse();
        assertThat(spool.delete("d.data")).isFalse();
        assertThat(dir.resolve("d.data")).isDirectory();
    }

    @Test
    void sweepRemovesTempFilesEverywhereAndNothingElse() throws IOException {
        Files.createDirectories(dir.resolve("conf/deep"));
        Path t1 = SpoolFiles.createTemp(dir);
        Path t2 = SpoolFiles.createTemp(dir.resolve("conf/deep"));
        Files.writeString(dir.resolve("a.data"), "a");
        Files.writeString(dir.resolve(".tentacle-notes"), "not ours: no .part suffix");
        Files.writeString(dir.resolve("conf/x.part"), "not ours: no prefix");
        assertThat(spool().sweepTempFiles()).isEqualTo(2);
        assertThat(t1).doesNotExist();
        assertThat(t2).doesNotExist();
        assertThat(dir.resolve("a.data")).exists();
        assertThat(dir.resolve(".tentacle-notes")).exists();
        assertThat(dir.resolve("conf/x.part")).exists();
        assertThat(spool().sweepTempFiles()).isZero();
        assertThat(new Spool(dir.resolve("missing"), Filters.none(), NameRules.standard()).sweepTempFiles())
                .isZero();
    }

    private SpoolDirectory root() throws IOException {
        return spool().openDirectory("a.data", true);
    }

    @Test
    void anOutgoingFileIsPinned() throws IOException {
        Path file = dir.resolve("a.data");
        Files.writeString(file, "first");
        OutgoingFile out = OutgoingFile.open(root(), "a.data");
        // An upload with overwrite renames a new inode over the name: what is sent does not change.
        Files.writeString(dir.resolve("new"), "second, longer");
        Files.move(dir.resolve("new"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(out.size()).isEqualTo(5);
        java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(16);
        out.channel().read(content, 0);
        assertThat(new String(content.array(), 0, content.position(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("first");
        out.closeQuietly();
    }

    @Test
    void onlyRegularFilesCanBeOpenedForSending() throws IOException {
        Files.createDirectory(dir.resolve("d.data"));
        Files.writeString(dir.resolve("a.data"), "a");
        Files.createSymbolicLink(dir.resolve("link.data"), dir.resolve("a.data"));
        SpoolDirectory root = root();
        assertThat(root.isSecure()).as("Linux has SecureDirectoryStream").isTrue();
        for (String name : List.of("missing", "d.data", "link.data")) {
            assertThatThrownBy(() -> OutgoingFile.open(root, name)).as(name).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> OutgoingFile.claim(root, name)).as(name).isInstanceOf(NoSuchFileException.class);
        }
        assertThat(dir.resolve("link.data")).isSymbolicLink();
        assertThat(dir.resolve("d.data")).isDirectory();
    }

    @Test
    void aFifoIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("pipe.data");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // Refused from its attributes, before open(2), which would block until a writer came.
        assertThatThrownBy(() -> OutgoingFile.open(root(), "pipe.data")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> OutgoingFile.claim(root(), "pipe.data")).isInstanceOf(NoSuchFileException.class);
        assertThat(fifo).exists();
    }

    @Test
    void aClaimedFileIsOutOfSightUntilDeletedOrPutBack() throws IOException {
        Files.writeString(dir.resolve("a.data"), "a");
        Spool spool = spool();
        OutgoingFile claimed = OutgoingFile.claim(spool.openDirectory("a.data", false), "a.data");
        assertThat(dir.resolve("a.data")).doesNotExist();
        assertThat(spool.list("a.data")).isEmpty();
        assertThat(spool.hasFile("a.data")).isFalse();
        // A second claim of the name finds nothing.
        assertThatThrownBy(() -> OutgoingFile.claim(spool.openDirectory("a.data", false), "a.data"))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(claimed.putBack()).isEqualTo("a.data");
        assertThat(dir.resolve("a.data")).hasContent("a");
        claimed.closeQuietly();

        OutgoingFile again = OutgoingFile.claim(spool.openDirectory("a.data", false), "a.data");
        again.deleteClaimed();
        again.closeQuietly();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aPutBackFileWhoseNameWasTakenGetsAFreeNameOfTheSameAgent() throws IOException {
        Files.writeString(dir.resolve("agent.1.data"), "old");
        OutgoingFile claimed = OutgoingFile.claim(root(), "agent.1.data");
        Files.writeString(dir.resolve("agent.1.data"), "new");
        String name = claimed.putBack();
        claimed.closeQuietly();
        assertThat(name).isEqualTo("agent.11.data");
        assertThat(dir.resolve("agent.1.data")).hasContent("new");
        assertThat(dir.resolve(name)).hasContent("old");
    }

    @Test
    void aRestartPutsClaimedFilesBackAndTheSweepLeavesThem() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/a.conf"), "a");
        Files.writeString(dir.resolve("x.part"), "x");
        Files.writeString(dir.resolve("taken.data"), "claimed");
        Spool before = spool();
        OutgoingFile.claim(before.openDirectory("a.conf", false), "a.conf")
                .directory()
                .closeQuietly();
        OutgoingFile.claim(before.openDirectory("x.part", false), "x.part");
        OutgoingFile.claim(before.openDirectory("taken.data", false), "taken.data");
        Files.writeString(dir.resolve("taken.data"), "newer");
        // The server dies here. At the next start:
        Spool after = spool();
        assertThat(after.restoreMovedFiles()).hasSize(3);
        assertThat(after.sweepTempFiles()).isZero();
        assertThat(dir.resolve("conf/a.conf")).hasContent("a");
        assertThat(dir.resolve("x.part")).hasContent("x");
        assertThat(dir.resolve("taken.data")).hasContent("newer");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .filteredOn(n -> n.equals("taken-1.data"))
                    .hasSize(1);
        }
    }

    @Test
    void aFilterDirectoryThatIsALinkIsRefusedAndNotFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        Files.writeString(outside.resolve("a.conf"), "outside");
        Files.createSymbolicLink(dir.resolve("conf"), outside);
        Spool spool = spool();
        assertThatThrownBy(() -> spool.openDirectory("a.conf", true))
                .isInstanceOf(java.nio.file.NotDirectoryException.class)
                .hasMessageContaining("symbolic link");
        assertThat(spool.hasFile("a.conf")).isFalse();
        assertThat(spool.delete("a.conf")).isFalse();
        assertThat(outside.resolve("a.conf")).hasContent("outside");
    }

    @Test
    void aFilterDirectoryOpenedStaysTheOneInTheSpoolWhenALinkReplacesIt() throws IOException {
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
        Spool spool = spool();
        SpoolDirectory conf = spool.openDirectory("a.conf", true);
        Files.move(dir.resolve("conf"), dir.resolve("conf.old"));
        Files.createSymbolicLink(dir.resolve("conf"), outside);
        IncomingFile file = IncomingFile.create(conf, "a.conf");
        file.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {'a'}));
        file.publish(SpoolFiles.Existing.KEEP_CLAIMED, true);
        conf.close();
        assertThat(dir.resolve("conf.old/a.conf")).hasContent("a");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void namesAndFiltersCannotLeaveTheRoot() throws IOException {
        Spool lax = new Spool(dir, Filters.none(), new NameRules(""));
        opened.add(lax);
        assertThatThrownBy(() -> lax.pathFor("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lax.pathFor("..")).isInstanceOf(IllegalArgumentException.class);
        SpoolDirectory root = lax.openDirectory("x", true);
        for (String name : List.of("../x", "..", ".", "a/b", "a\0b", "")) {
            assertThatThrownBy(() -> root.attributes(name)).as(name).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> IncomingFile.create(root, name)).as(name).isInstanceOf(NoSuchFileException.class);
        }
    }

    /** Where the platform has no SecureDirectoryStream, the same operations go by path. */
    @Test
    void theByPathFallbackKeepsTheSameRules() throws IOException {
        Files.writeString(dir.resolve("a.data"), "a");
        Files.createSymbolicLink(dir.resolve("link.data"), dir.resolve("a.data"));
        SpoolDirectory byPath = SpoolDirectory.byPath(dir, false);
        assertThat(byPath.isSecure()).isFalse();
        assertThatThrownBy(() -> OutgoingFile.open(byPath, "link.data")).isInstanceOf(NoSuchFileException.class);
        OutgoingFile claimed = OutgoingFile.claim(byPath, "a.data");
        assertThat(dir.resolve("a.data")).doesNotExist();
        assertThat(claimed.putBack()).isEqualTo("a.data");
        claimed.closeQuietly();
        IncomingFile file = IncomingFile.create(byPath, "b.data");
        file.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {'b'}));
        file.publish(SpoolFiles.Existing.KEEP_CLAIMED, true);
        assertThat(dir.resolve("b.data")).hasContent("b");
        assertThat(byPath.list((n, a) -> a.isRegularFile())).containsExactlyInAnyOrder("a.data", "b.data");
        Files.createSymbolicLink(dir.resolve("conf"), dir.resolveSibling("nowhere"));
        assertThatThrownBy(() -> byPath.openSubdirectory("conf"))
                .isInstanceOf(java.nio.file.NotDirectoryException.class);
    }
}
