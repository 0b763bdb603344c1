package io.tentacle.sync;

import io.tentacle.internal.storage.SpoolFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The puller's memory between passes ({@link RemoteState}, {@link SiteMap}): a header line naming the
 * format, then one entry a line. Forgetting is always safe, so a file that is missing, unreadable or
 * of another format reads as no entries.
 */
final class StateLines {
    private StateLines() {}

    /** The lines after {@code header}; none when the file is missing, unreadable or starts otherwise. */
    static List<String> read(Path file, String header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            return List.of();
        }
        return lines.subList(1, lines.size());
    }

    /** Replaces {@code target} in one step, so a reader or a crash sees the old or the new text. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path temp = SpoolFiles.createTemp(target.getParent());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(text));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SpoolFiles.forceDirectory(target.getParent());
        } finally {
            SpoolFiles.deleteQuietly(temp);
        }
    }
}
