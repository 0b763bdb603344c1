package io.tentacle.server;

import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Prepares one COPY off the event loop: the files of a directory whose names end as asked and sort after
 * the request's cursor, in name order, streamed through the codec into an unlinked file of the spool as a
 * batch is, but opened where they lie instead of claimed: others go on reading them, and nothing
 * waits for a confirm. Memory holds one 64 KiB chunk and the first names after the cursor, at most
 * as many as one batch may hold.
 */
final class CopyOffer {
    /** The prepared payload and how many files it holds; {@code payload} is null when none. */
    record Prepared(FileChannel payload, long size, int files) {}

    /** A file that may go into the copy, as listed. */
    private record Candidate(String name, long modified) {}

    private CopyOffer() {}

    static Prepared prepare(Spool spool, Request.Copy request) throws IOException {
        int files = Math.min(request.files(), BatchFormat.MAX_FILES);
        long bytes = Math.min(request.bytes(), BatchFormat.MAX_BYTES);
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(request.filter(), false);
        } catch (NoSuchFileException none) {
            return new Prepared(null, 0, 0); // A filter's directory not made yet holds nothing.
        }
        try {
            List<Candidate> first = files == 0 ? List.of() : firstAfter(spool, directory, request, files);
            return first.isEmpty() ? new Prepared(null, 0, 0) : write(directory, first, request, files, bytes);
        } finally {
            directory.closeQuietly();
        }
    }

    /**
     * The first {@code files} eligible names after the cursor, in name order (one char a byte: the
     * order of the names' bytes), keeping no more than that many while listing.
     */
    private static List<Candidate> firstAfter(Spool spool, SpoolDirectory directory, Request.Copy request, int files)
            throws IOException {
        Comparator<Candidate> byName = Comparator.comparing(Candidate::name);
        PriorityQueue<Candidate> lastFirst = new PriorityQueue<>(byName.reversed());
        directory.list((name, attributes) -> {
            if (attributes.isRegularFile()
                    && attributes.size() <= request.maxSize()
                    && name.endsWith(request.ending())
                    && name.compareTo(request.after()) > 0
                    && spool.names().isValid(name)) {
                lastFirst.add(new Candidate(name, attributes.lastModifiedTime().toMillis()));
                if (lastFirst.size() > files) {
                    lastFirst.poll();
                }
            }
            return false;
        });
        return lastFirst.stream().sorted(byName).toList();
    }

    private static Prepared write(
            SpoolDirectory directory, List<Candidate> candidates, Request.Copy request, int files, long bytes)
            throws IOException {
        FileChannel payload = directory.createUnnamed();
        try {
            int count = 0;
            long content = 0;
            try (BatchWriter writer =
                    new BatchWriter(BatchOffer.keptOpen(Channels.newOutputStream(payload)), request.codec())) {
                for (Candidate candidate : candidates) {
                    OutgoingFile file;
                    try {
                        file = OutgoingFile.open(directory, candidate.name());
                    } catch (NoSuchFileException gone) {
                        continue; // Moved or deleted since the listing.
                    }
                    try (FileChannel channel = file.channel()) {
                        long size = file.size();
                        if (size > request.maxSize()) {
                            continue; // Grew since the listing.
                        }
                        if (count > 0 && content + size > bytes) {
                            break;
                        }
                        writer.entry(candidate.name(), size, candidate.modified(), channel);
                        content += size;
                        count++;
                    }
                }
                writer.finish();
            }
            payload.position(0);
            return new Prepared(payload, payload.size(), count);
        } catch (IOException | RuntimeException e) {
            payload.close();
            throw e;
        }
    }
}
