package io.tentacle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private Spool spool() {
        return new Spool(dir, Filters.parse("\\.conf$:conf;\\.md5$:md5"), NameRules.standard());
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
            assertThat(spool().list(dir)).containsExactlyInAnyOrder("a.data", "b.data");
        } finally {
            inProgress.abort();
        }
    }

    @Test
    void listingAMissingDirectoryFails() {
        assertThatThrownBy(() -> spool().list(dir.resolve("conf"))).isInstanceOf(NoSuchFileException.class);
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
        assertThat(new Spool(dir.resolve("missing"), Filters.none(), NameRules.standard()).sweepTempFiles()).isZero();
    }

    @Test
    void anOutgoingFileIsAPinnedRegularFile() throws IOException {
        Path file = dir.resolve("a.data");
        Files.writeString(file, "first");
        OutgoingFile out = OutgoingFile.open(file);
        assertThat(out.size()).isEqualTo(5);
        // An upload with overwrite renames a new inode over the name: the open file is not deleted.
        IncomingFile replacement = IncomingFile.create(file);
        replacement.publish(true, false);
        assertThat(out.deleteIfUnchanged()).isFalse();
        assertThat(file).exists();
        out.closeQuietly();

        OutgoingFile again = OutgoingFile.open(file);
        assertThat(again.deleteIfUnchanged()).isTrue();
        assertThat(file).doesNotExist();
        again.closeQuietly();
    }

    @Test
    void onlyRegularFilesCanBeOpenedForSending() throws IOException {
        Files.createDirectory(dir.resolve("d.data"));
        Files.writeString(dir.resolve("a.data"), "a");
        Files.createSymbolicLink(dir.resolve("link.data"), dir.resolve("a.data"));
        assertThatThrownBy(() -> OutgoingFile.open(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> OutgoingFile.open(dir.resolve("d.data"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> OutgoingFile.open(dir.resolve("link.data"))).isInstanceOf(NoSuchFileException.class);
    }
}
