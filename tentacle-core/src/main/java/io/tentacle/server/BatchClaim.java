package io.tentacle.server;

import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one batch, each taken out of sight as MV takes a file, in the order they were sent.
 * Settled once: the first k confirmed entries are deleted, the rest get their names back.
 */
final class BatchClaim {
    private final Spool spool;
    private final SpoolDirectory directory;
    private final List<OutgoingFile> files = new ArrayList<>();

    BatchClaim(Spool spool, SpoolDirectory directory) {
        this.spool = spool;
        this.directory = directory;
    }

    void add(OutgoingFile file) {
        files.add(file);
    }

    int size() {
        return files.size();
    }

    /** What became of a settled batch, for the reply and the log. */
    record Settled(int deleted, List<String> problems) {
        static final Settled NOTHING = new Settled(0, List.of());
    }

    /** Deletes the first {@code confirmed} files and gives the others their names back. Off the event loop. */
    Settled settle(int confirmed) {
        int deleted = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            OutgoingFile file = files.get(i);
            if (i < confirmed) {
                try {
                    file.deleteClaimed();
                    deleted++;
                    continue;
                } catch (IOException e) {
                    problems.add("cannot delete confirmed file '" + file.name() + "' (" + e.getMessage()
                            + "); it is put back");
                }
            }
            try {
                String now = PutBack.putBack(spool, file);
                if (!now.equals(file.name())) {
                    problems.add("unconfirmed file '" + file.name() + "' kept as '" + now
                            + "': a new file took its name meanwhile");
                }
            } catch (IOException e) {
                problems.add("unconfirmed file '" + file.name() + "' could not get its name back (" + e.getMessage()
                        + "); it stays hidden in " + directory.path() + " and is restored at the next start");
            }
        }
        files.clear();
        directory.closeQuietly();
        return new Settled(deleted, problems);
    }
}
