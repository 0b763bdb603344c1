package io.tentacle.sync;

import io.tentacle.storage.SpoolFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the puller remembers about one remote between passes: which version (size and modification
 * time) of each pushed file the remote acknowledged, and when a pass last succeeded. One line per
 * entry, tab-separated (names cannot hold control characters); written to a temp file and renamed.
 */
final class RemoteState {
    private static final String HEADER = "tentacle-sync-state 1";

    /** A file's version as the push compares it. */
    record Version(long size, long modifiedMillis) {
        static Version of(Path file) throws IOException {
            FileTime modified = Files.getLastModifiedTime(file);
            return new Version(Files.size(file), modified.toMillis());
        }
    }

    private final Path file;
    private final Map<String, Version> pushed = new TreeMap<>();
    private Instant lastSuccess;

    private RemoteState(Path file) {
        this.file = file;
    }

    /** Reads the state; a missing or unreadable file is an empty state (everything is pushed again). */
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
                } else if (fields.length == 4 && fields[0].equals("pushed")) {
                    state.pushed.put(fields[1], new Version(Long.parseLong(fields[2]), Long.parseLong(fields[3])));
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                // A damaged line: that file is pushed again, which is harmless.
            }
        }
        return state;
    }

    synchronized boolean isPushed(String path, Version version) {
        return version.equals(pushed.get(path));
    }

    synchronized void markPushed(String path, Version version) {
        pushed.put(path, version);
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
        pushed.forEach((path, v) -> text.append("pushed\t").append(path).append('\t').append(v.size())
            .append('\t').append(v.modifiedMillis()).append('\n'));
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
