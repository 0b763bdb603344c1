package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
        for (String line : StateLines.read(file, HEADER)) {
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
        StateLines.writeAtomically(file, text.toString());
    }
}
