package io.tentacle.report;

import io.tentacle.internal.storage.SpoolFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a report where Pandora's data server will take it: a hidden temp file first (the names the
 * server sweeps at start and never lists), then linked under {@code <key>.<epoch millis>.data}, the
 * form the data server takes ({@code ^.*[._]\d+\.data$}). The link never replaces a file: when the name
 * is taken the number goes up by one, so a report can never overwrite an agent's data or another report.
 */
public final class ReportFiles {
    private ReportFiles() {}

    /**
     * @param tempDirectory where the temp file is written: {@code directory} itself, or a directory of
     *     the same file system that the writer sweeps (the puller's own corner)
     * @return the file written
     */
    public static Path write(Path tempDirectory, Path directory, String key, Instant now, byte[] content)
            throws IOException {
        SpoolFiles.TempFile temp = SpoolFiles.openTemp(tempDirectory);
        boolean published = false;
        try {
            try (var channel = temp.channel()) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            for (long n = now.toEpochMilli(); ; n++) {
                Path target = directory.resolve(key + "." + n + ".data");
                try {
                    SpoolFiles.publish(temp.path(), target, SpoolFiles.Existing.KEEP, true);
                    published = true;
                    return target;
                } catch (FileAlreadyExistsException taken) {
                    // Two reports in one millisecond, or an agent using the name: the next number.
                }
            }
        } finally {
            if (!published) {
                SpoolFiles.deleteQuietly(temp.path());
            }
        }
    }
}
