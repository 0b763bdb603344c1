package io.tentacle.sync;

import io.tentacle.internal.storage.SpoolFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the puller remembers about one remote between passes: when a pass last succeeded. What the
 * remote holds is not remembered but checked every pass ({@link MasterCheck}). One line per entry,
 * tab-separated; written to a temp file and renamed.
 */
final class RemoteState {
    private static final String HEADER = "tentacle-sync-state 1";

    private final Path file;
    private Instant lastSuccess;

    private RemoteState(Path file) {
        this.file = file;
    }

    /** Reads the state; a missing or unreadable file is an empty state (no success known yet). */
    static RemoteState load(Path file) {
        RemoteState state = new RemoteState(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return state;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return state;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\t");
            try {
                if (fields.length == 2 && fields[0].equals("last-success")) {
                    state.lastSuccess = Instant.parse(fields[1]);
                }
                // Older versions also kept "pushed" lines: the push now checks the remote instead.
            } catch (DateTimeParseException e) {
                // A damaged line: the date is kept again after the next successful pass.
            }
        }
        return state;
    }

    synchronized Instant lastSuccess() {
        return lastSuccess;
    }

    synchronized void lastSuccess(Instant when) {
        lastSuccess = when;
    }

    synchronized void save() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        if (lastSuccess != null) {
            text.append("last-success\t").append(lastSuccess).append('\n');
        }
        writeAtomically(file, text.toString());
    }

    /** Replaces {@code target} in one step, so a reader or a crash sees the old or the new text. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path temp = SpoolFiles.createTemp(target.getParent());
        try {
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
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
