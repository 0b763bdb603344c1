package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingFileTest {
    @TempDir
    Path dir;

    @Test
    void bytesGoToAHiddenTempFileUntilPublished() throws IOException {
        Path target = dir.resolve("a.data");
        IncomingFile file = IncomingFile.create(target);
        write(file, "hello ");
        write(file, "world");
        assertThat(file.written()).isEqualTo(11);
        assertThat(target).doesNotExist();
        assertThat(file.temp()).exists().hasParent(dir);
        assertThat(SpoolFiles.isTempName(file.temp().getFileName().toString())).isTrue();
        assertThat(NameRules.standard().isValid(file.temp().getFileName().toString()))
                .isFalse();

        file.publish(false, true);
        assertThat(target).hasContent("hello world");
        assertThat(file.temp()).doesNotExist();
        assertThat(files()).containsExactly("a.data");
        file.abort(); // harmless after publish
        assertThat(target).hasContent("hello world");
    }

    @Test
    void storedFilesTakeTheModeTheUmaskGivesAnyNewFile() throws IOException {
        // The process's umask decides, as for cp or the reference server (ServerUmaskTest runs real umasks).
        Path plain = Files.createFile(dir.resolve("made-by-files.txt"));
        IncomingFile byPath = IncomingFile.create(dir.resolve("a.data"));
        write(byPath, "x");
        byPath.publish(false, false);
        try (SpoolDirectory root = SpoolDirectory.openRoot(dir)) {
            IncomingFile inSpool = IncomingFile.create(root, "b.data");
            write(inSpool, "x");
            inSpool.publish(SpoolFiles.Existing.KEEP_CLAIMED, false);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("a.data")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.getPosixFilePermissions(dir.resolve("b.data")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void abortLeavesNothingBehind() throws IOException {
        IncomingFile file = IncomingFile.create(dir.resolve("a.data"));
        write(file, "partial");
        file.abort();
        assertThat(files()).isEmpty();
        try (IncomingFile closed = IncomingFile.create(dir.resolve("b.data"))) {
            write(closed, "partial");
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void publishWithoutReplaceKeepsTheExistingFile() throws IOException {
        Path target = dir.resolve("a.data");
        Files.writeString(target, "first");
        IncomingFile file = IncomingFile.create(target);
        write(file, "second");
        assertThatThrownBy(() -> file.publish(false, false)).isInstanceOf(FileAlreadyExistsException.class);
        file.abort();
        assertThat(target).hasContent("first");
        assertThat(files()).containsExactly("a.data");
    }

    @Test
    void twoUploadsOfOneNameRaceAndTheFirstToPublishWins() throws IOException {
        Path target = dir.resolve("a.data");
        IncomingFile one = IncomingFile.create(target);
        IncomingFile two = IncomingFile.create(target);
        write(one, "one");
        write(two, "two");
        two.publish(false, false);
        assertThatThrownBy(() -> one.publish(false, false)).isInstanceOf(FileAlreadyExistsException.class);
        one.abort();
        assertThat(target).hasContent("two");
        assertThat(files()).containsExactly("a.data");
    }

    @Test
    void publishWithReplaceOverwrites() throws IOException {
        Path target = dir.resolve("a.data");
        Files.writeString(target, "first");
        IncomingFile file = IncomingFile.create(target);
        write(file, "second");
        file.publish(true, true);
        assertThat(target).hasContent("second");
        assertThat(files()).containsExactly("a.data");
    }

    @Test
    void theDirectoryIsCreatedWhenMissing() throws IOException {
        Path target = dir.resolve("conf/sub/a.conf");
        IncomingFile file = IncomingFile.create(target);
        write(file, "x");
        file.publish(false, false);
        assertThat(target).hasContent("x");
    }

    @Test
    void writeHonoursTheReaderIndexAndDoesNotConsume() throws IOException {
        IncomingFile file = IncomingFile.create(dir.resolve("a.data"));
        ByteBuf buf = Unpooled.copiedBuffer("skip-keep", StandardCharsets.US_ASCII);
        buf.skipBytes(5);
        file.write(buf);
        assertThat(buf.readableBytes()).isEqualTo(4);
        buf.release();
        file.publish(false, false);
        assertThat(dir.resolve("a.data")).hasContent("keep");
    }

    private static void write(IncomingFile file, String text) throws IOException {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            file.write(buf);
        } finally {
            buf.release();
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
