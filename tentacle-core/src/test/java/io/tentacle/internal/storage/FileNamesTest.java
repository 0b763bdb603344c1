package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {
    private static final String LATIN1 = "Caf\u00e9.12345.data";

    @TempDir
    Path dir;

    @Test
    void aWireNameIsStoredAndListedWithItsExactBytes() throws Exception {
        assertThat(FileNames.rawBytes())
                .as("surefire opens java.base/sun.nio.fs")
                .isTrue();
        Path file = dir.resolve(FileNames.path(LATIN1));
        Files.writeString(file, "x");
        String utf8 = FileNames.fromText("Caf\u00e9.1.data");
        Files.writeString(dir.resolve(FileNames.path(utf8)), "y");
        List<String> listed;
        try (Stream<Path> files = Files.list(dir)) {
            listed = files.map(f -> {
                        try {
                            return FileNames.nameOf(f);
                        } catch (UnstorableNameException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
        assertThat(listed).containsExactly(utf8, LATIN1);
        assertThat(FileNames.bytes(utf8)).isEqualTo("Caf\u00e9.1.data".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.exists(dir.resolve("Caf\u00e9.1.data"))).isTrue(); // The UTF-8 name is the JVM's own spelling.
    }

    /** Without the package opened, UTF-8 names work as before and any other is refused with the fix. */
    @Test
    void withoutRawBytesOnlyNamesValidInThePlatformEncodingWork() throws Exception {
        FileNames utf8Only =
                FileNames.withoutRawBytes(StandardCharsets.UTF_8, "java.base/sun.nio.fs is not opened to tentacle");
        assertThat(utf8Only.toPath(FileNames.fromText("Caf\u00e9.1.data"))).isEqualTo(Path.of("Caf\u00e9.1.data"));
        assertThat(utf8Only.toPath("agent.1.data")).isEqualTo(Path.of("agent.1.data"));
        assertThatThrownBy(() -> utf8Only.toPath(LATIN1))
                .isInstanceOf(UnstorableNameException.class)
                .hasMessageContaining("Caf\\xe9.12345.data")
                .hasMessageContaining("its bytes are not valid UTF-8")
                .hasMessageContaining("--add-opens java.base/sun.nio.fs=ALL-UNNAMED");

        FileNames ascii = FileNames.withoutRawBytes(StandardCharsets.US_ASCII, "not opened"); // LANG=C
        assertThatThrownBy(() -> ascii.toPath(FileNames.fromText("Caf\u00e9.1.data")))
                .isInstanceOf(UnstorableNameException.class)
                .hasMessageContaining("not valid US-ASCII");
    }

    @Test
    void displayShowsUtf8AsTextAndOtherBytesAsEscapes() {
        assertThat(FileNames.display(FileNames.fromText("Caf\u00e9.1.data"))).isEqualTo("Caf\u00e9.1.data");
        assertThat(FileNames.display(LATIN1)).isEqualTo("Caf\\xe9.12345.data");
        assertThat(FileNames.display("agent.1.data")).isEqualTo("agent.1.data");
    }
}
