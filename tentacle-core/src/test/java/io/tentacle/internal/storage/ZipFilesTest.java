package io.tentacle.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.testing.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipFilesTest {
    @TempDir
    Path dir;

    @Test
    void inflatesAnArchiveMadeByZip() throws Exception {
        Tools.require("zip");
        byte[] content = sample(300_000);
        Files.write(dir.resolve("agent.data"), content);
        Tools.run(dir, "zip", "-q", "a.zip", "agent.data").assertSuccess();
        assertThat(inflate(dir.resolve("a.zip"), 2_000_000)).isEqualTo(content);
    }

    @Test
    void inflatesAStreamedArchiveWithADataDescriptor() throws Exception {
        Tools.require("zip");
        // zip writes sizes after the data (flag bit 3) when it reads from a pipe, as IO::Compress::Zip does.
        Files.write(dir.resolve("in"), sample(50_000));
        Tools.run(dir, "sh", "-c", "cat in | zip -q - - | cat > a.zip").assertSuccess();
        assertThat(inflate(dir.resolve("a.zip"), 2_000_000)).isEqualTo(Files.readAllBytes(dir.resolve("in")));
    }

    @Test
    void inflatesAnArchiveMadeByPerlsIoCompressZip() throws Exception {
        Tools.require("perl");
        Files.write(dir.resolve("in"), sample(50_000));
        Tools.run(
                        dir,
                        "perl",
                        "-MIO::Compress::Zip=zip,$ZipError",
                        "-e",
                        "zip 'in' => 'a.zip', Name => 'agent.data' or die $ZipError")
                .assertSuccess();
        assertThat(inflate(dir.resolve("a.zip"), 2_000_000)).isEqualTo(Files.readAllBytes(dir.resolve("in")));
    }

    @Test
    void takesTheFirstEntryOfSeveral() throws Exception {
        Tools.require("zip");
        Files.writeString(dir.resolve("first"), "first entry");
        Files.writeString(dir.resolve("second"), "second entry");
        Tools.run(dir, "zip", "-q", "a.zip", "first", "second").assertSuccess();
        assertThat(inflate(dir.resolve("a.zip"), 100)).asString().isEqualTo("first entry");
    }

    @Test
    void inflatesStoredEntries() throws Exception {
        Tools.require("zip");
        Files.writeString(dir.resolve("f"), "stored, not deflated");
        Tools.run(dir, "zip", "-q", "-0", "a.zip", "f").assertSuccess();
        assertThat(inflate(dir.resolve("a.zip"), 100)).asString().isEqualTo("stored, not deflated");
    }

    @Test
    void ourArchivesUnzipWithUnzipAndPerl() throws Exception {
        Tools.require("unzip");
        byte[] content = sample(200_000);
        Path source = dir.resolve("source");
        Files.write(source, content);
        ZipFiles.zipFile(source, "agent.data", dir.resolve("out.zip"));

        Tools.run(dir, "unzip", "-tq", "out.zip").assertSuccess();
        assertThat(Tools.run(dir, "unzip", "-Z1", "out.zip").assertSuccess().output())
                .isEqualTo("agent.data\n");
        Files.createDirectory(dir.resolve("x"));
        Tools.run(dir.resolve("x"), "unzip", "-q", "../out.zip").assertSuccess();
        assertThat(dir.resolve("x/agent.data")).hasBinaryContent(content);
        if (Tools.isInstalled("perl")) {
            Tools.run(
                            dir,
                            "perl",
                            "-MIO::Uncompress::Unzip=unzip,$UnzipError",
                            "-e",
                            "unzip 'out.zip' => 'perl.out' or die $UnzipError")
                    .assertSuccess();
            assertThat(dir.resolve("perl.out")).hasBinaryContent(content);
        }
        try (ZipFile zip = new ZipFile(dir.resolve("out.zip").toFile())) {
            ZipEntry entry = zip.entries().nextElement();
            assertThat(entry.getName()).isEqualTo("agent.data");
            assertThat(entry.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(zip.getInputStream(entry).readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aZipBombStopsAtTheSizeLimit() throws Exception {
        Path zip = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("zeros"));
            writeZeros(out, 50_000_000);
        }
        assertThat(Files.size(zip)).isLessThan(100_000);
        IncomingFile target = IncomingFile.create(dir.resolve("bomb.data"));
        try {
            assertThatThrownBy(() -> ZipFiles.inflateFirstEntry(zip, target, 1_000_000))
                    .isInstanceOf(FileTooBigException.class);
            assertThat(target.written()).isLessThanOrEqualTo(1_000_000);
        } finally {
            target.abort();
        }
        assertThat(dir.resolve("bomb.data")).doesNotExist();
    }

    @Test
    void anArchiveOfExactlyTheLimitInflates() throws Exception {
        Path zip = dir.resolve("a.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("zeros"));
            writeZeros(out, 100_000);
        }
        assertThat(inflate(zip, 100_000)).hasSize(100_000);
        assertThatThrownBy(() -> inflate(zip, 99_999)).isInstanceOf(FileTooBigException.class);
    }

    @Test
    void whatIsNotAZipIsToldApart() throws IOException {
        Files.writeString(dir.resolve("text"), "PK but not a zip");
        Files.write(dir.resolve("short"), new byte[] {'P', 'K'});
        Files.write(dir.resolve("fake"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        assertThat(ZipFiles.looksLikeZip(dir.resolve("text"))).isFalse();
        assertThat(ZipFiles.looksLikeZip(dir.resolve("short"))).isFalse();
        assertThat(ZipFiles.looksLikeZip(dir.resolve("fake"))).isTrue();
        assertThatThrownBy(() -> inflate(dir.resolve("fake"), 100)).isInstanceOf(ZipException.class);
    }

    @Test
    void anArchiveWithoutEntriesIsRefused() throws IOException {
        Path zip = dir.resolve("empty.zip");
        new ZipOutputStream(Files.newOutputStream(zip)).close();
        assertThatThrownBy(() -> inflate(zip, 100)).isInstanceOf(ZipException.class);
    }

    private byte[] inflate(Path zip, long maxSize) throws IOException {
        IncomingFile out = IncomingFile.create(dir.resolve("inflated-" + zip.getFileName()));
        try {
            long size = ZipFiles.inflateFirstEntry(zip, out, maxSize);
            out.publish(true, false);
            byte[] bytes = Files.readAllBytes(out.target());
            assertThat(bytes).hasSize((int) size);
            Files.delete(out.target());
            return bytes;
        } finally {
            out.abort();
        }
    }

    private static void writeZeros(OutputStream out, int count) throws IOException {
        byte[] block = new byte[64 * 1024];
        for (int left = count; left > 0; left -= block.length) {
            out.write(block, 0, Math.min(left, block.length));
        }
    }

    /** Compressible but not trivial: words drawn from a small alphabet. */
    static byte[] sample(int size) {
        Random random = new Random(size);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ("abcdefgh \n".charAt(random.nextInt(10)));
        }
        return bytes;
    }
}
