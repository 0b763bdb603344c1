package io.tentacle.internal.storage;

import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** The zip side of ZSEND and ZRECV: one deflated entry, as the reference's IO::Compress::Zip writes. */
public final class ZipFiles {
    private static final int LOCAL_HEADER = 0x04034b50;
    /** An archive without entries starts with its end record. */
    private static final int END_HEADER = 0x06054b50;

    private static final int BUFFER = 64 * 1024;

    private ZipFiles() {}

    /** True when the file starts with a zip local-file header; the reference stores anything else as is. */
    public static boolean looksLikeZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isZipSignature(in.readNBytes(4));
        }
    }

    /** {@link #looksLikeZip(Path)} for a file already open, read at its start without moving its position. */
    public static boolean looksLikeZip(FileChannel file) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(4);
        while (magic.hasRemaining() && file.read(magic, magic.position()) > 0) {
            // pread until 4 bytes or the end.
        }
        return isZipSignature(Arrays.copyOf(magic.array(), magic.position()));
    }

    private static boolean isZipSignature(byte[] magic) {
        if (magic.length < 4) {
            return false;
        }
        int signature = (magic[0] & 0xff) | (magic[1] & 0xff) << 8 | (magic[2] & 0xff) << 16 | (magic[3] & 0xff) << 24;
        return signature == LOCAL_HEADER || signature == END_HEADER;
    }

    /**
     * Inflates the first entry of {@code zip} into {@code out}, refusing to write more than
     * {@code maxSize} bytes so that a small archive cannot fill the disk.
     *
     * @return the inflated size
     */
    public static long inflateFirstEntry(Path zip, IncomingFile out, long maxSize) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            if (!entries.hasMoreElements()) {
                throw new ZipException("the archive has no entry");
            }
            ZipEntry entry = entries.nextElement();
            CRC32 crc = new CRC32();
            long size;
            try (InputStream in = new CheckedInputStream(archive.getInputStream(entry), crc)) {
                size = copyAtMost(in, out, maxSize);
            }
            // ZipFile checks neither: a damaged deflate stream can end early, a stored entry can be altered.
            if (entry.getSize() != -1 && entry.getSize() != size) {
                throw new ZipException("the entry inflates to " + size + " bytes, the archive says " + entry.getSize());
            }
            if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
                throw new ZipException("the entry's CRC does not match its content");
            }
            return size;
        } catch (EOFException e) {
            // A structure (directory, header, deflate stream) that runs past the end: a corrupt archive.
            throw new ZipException("the archive is cut short");
        }
    }

    /** Writes {@code source} as a one-entry archive named {@code entryName} into {@code zip}. */
    public static void zipFile(Path source, String entryName, Path zip) throws IOException {
        try (ZipOutputStream os = new ZipOutputStream(Files.newOutputStream(zip));
                InputStream in = Files.newInputStream(source)) {
            ZipEntry entry = new ZipEntry(entryName);
            entry.setTime(Files.getLastModifiedTime(source).toMillis());
            os.putNextEntry(entry);
            in.transferTo(os);
            os.closeEntry();
        }
    }

    /**
     * Writes the open file {@code source} as a one-entry archive named {@code entryName} into
     * {@code zip}, from their current positions: nothing is opened by path.
     */
    public static void zipFile(FileChannel source, String entryName, long modifiedMillis, FileChannel zip)
            throws IOException {
        ZipOutputStream os = new ZipOutputStream(Channels.newOutputStream(zip));
        ZipEntry entry = new ZipEntry(entryName);
        entry.setTime(modifiedMillis);
        os.putNextEntry(entry);
        Channels.newInputStream(source).transferTo(os);
        os.closeEntry();
        os.finish();
        os.flush();
    }

    private static long copyAtMost(InputStream in, IncomingFile out, long maxSize) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.written() + n > maxSize) {
                throw new FileTooBigException("the archive inflates to more than " + maxSize + " bytes");
            }
            out.write(Unpooled.wrappedBuffer(buffer, 0, n));
        }
        return out.written();
    }
}
