package io.tentacle.server;

import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.Request;
import java.io.IOException;
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
        Limits limits = new Limits(
                Math.min(request.files(), BatchFormat.MAX_FILES),
                Math.min(request.bytes(), BatchFormat.MAX_BYTES),
                Math.min(request.maxSize(), BatchFormat.MAX_BYTES));
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(request.filter(), false);
        } catch (NoSuchFileException none) {
            return new Prepared(null, 0, 0); // A filter's directory not made yet holds nothing.
        }
        try {
            String after = request.after();
            while (limits.files() > 0) {
                List<Candidate> first = firstAfter(spool, directory, request.ending(), after, limits);
                if (first.isEmpty()) {
                    break;
                }
                Prepared prepared = write(directory, first, request.codec(), limits);
                if (prepared.files() > 0) {
                    return prepared;
                }
                // Every one of them vanished or grew since the listing: an empty page would end the
                // client's paging, and names may follow them.
                after = first.get(first.size() - 1).name();
            }
            return new Prepared(null, 0, 0);
        } finally {
            directory.closeQuietly();
        }
    }

    /** A page's bounds: files, content, and the largest file; each at most what a batch may hold. */
    private record Limits(int files, long bytes, long maxSize) {}

    /**
     * The first eligible names after {@code after}, as many as a page holds, in name order (one char a
     * byte: the order of the names' bytes), keeping no more than that many while listing.
     */
    private static List<Candidate> firstAfter(
            Spool spool, SpoolDirectory directory, String ending, String after, Limits limits) throws IOException {
        Comparator<Candidate> byName = Comparator.comparing(Candidate::name);
        PriorityQueue<Candidate> lastFirst = new PriorityQueue<>(byName.reversed());
        directory.list((name, attributes) -> {
            if (attributes.isRegularFile()
                    && attributes.size() <= limits.maxSize()
                    && name.endsWith(ending)
                    && name.compareTo(after) > 0
                    && spool.names().isValid(name)) {
                lastFirst.add(new Candidate(name, attributes.lastModifiedTime().toMillis()));
                if (lastFirst.size() > limits.files()) {
                    lastFirst.poll();
                }
            }
            return false;
        });
        return lastFirst.stream().sorted(byName).toList();
    }

    /** The candidates that are still there and within bounds, as a page; an empty one holds no payload. */
    private static Prepared write(SpoolDirectory directory, List<Candidate> candidates, BatchCodec codec, Limits limits)
            throws IOException {
        FileChannel payload = directory.createUnnamed();
        try {
            int count = 0;
            long content = 0;
            try (BatchWriter writer = BatchWriter.into(payload, codec)) {
                for (Candidate candidate : candidates) {
                    OutgoingFile file;
                    try {
                        file = OutgoingFile.open(directory, candidate.name());
                    } catch (NoSuchFileException gone) {
                        continue; // Moved or deleted since the listing.
                    }
                    try (FileChannel channel = file.channel()) {
                        long size = file.size();
                        if (size > limits.maxSize()) {
                            continue; // Grew since the listing.
                        }
                        if (count > 0 && content + size > limits.bytes()) {
                            break;
                        }
                        writer.entry(candidate.name(), size, candidate.modified(), channel);
                        content += size;
                        count++;
                    }
                }
                writer.finish();
            }
            if (count == 0) {
                payload.close();
                return new Prepared(null, 0, 0);
            }
            payload.position(0);
            return new Prepared(payload, payload.size(), count);
        } catch (IOException | RuntimeException e) {
            payload.close();
            throw e;
        }
    }
}
