package io.tentacle.server;

import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prepares one batch off the event loop: picks the oldest eligible files of a directory, claims each
 * as MV does and streams it through the codec into an unlinked file of the spool, so the reply can
 * announce the exact size and the payload can go out zero-copy. Memory holds one 64 KiB chunk.
 */
final class BatchOffer {
    /** A file that may go into the batch, as listed. */
    private record Candidate(String name, long modified) {}

    /**
     * The prepared payload and the files it holds; {@code payload} is null for an empty batch.
     * {@code larger}: files left out for being over the request's MAXSIZE (they stay for MV).
     */
    record Prepared(FileChannel payload, long size, BatchClaim claim, int larger) {}

    /** What the directory offers a batch: the files it may take, oldest first, and how many are too large. */
    private record Candidates(List<Candidate> eligible, int larger) {}

    private BatchOffer() {}

    /** Builds the batch {@code request} asks for; on failure every file claimed so far gets its name back. */
    static Prepared prepare(Spool spool, Request.Batch request) throws IOException {
        int files = Math.min(request.files(), BatchFormat.MAX_FILES);
        long bytes = Math.min(request.bytes(), BatchFormat.MAX_BYTES);
        SpoolDirectory directory = spool.openDirectory(request.filter(), false);
        BatchClaim claim = new BatchClaim(spool, directory);
        if (files == 0) {
            return new Prepared(null, 0, claim, 0); // Asks for nothing, so nothing was looked at.
        }
        FileChannel payload = null;
        try {
            Candidates candidates = candidates(spool, directory, request.maxSize());
            int larger = candidates.larger();
            payload = directory.createUnnamed();
            long content = 0;
            try (BatchWriter writer = BatchWriter.into(payload, request.codec())) {
                for (Candidate candidate : candidates.eligible()) {
                    if (claim.size() >= files) {
                        break;
                    }
                    OutgoingFile file;
                    try {
                        file = OutgoingFile.claim(directory, candidate.name());
                    } catch (NoSuchFileException taken) {
                        continue; // Another session or an MV took it since the listing.
                    }
                    long size = file.size();
                    if (size > request.maxSize() || (claim.size() > 0 && content + size > bytes)) {
                        putBack(file);
                        if (size > request.maxSize()) {
                            larger++; // Grew since the listing.
                            continue;
                        }
                        break;
                    }
                    claim.add(file);
                    try (FileChannel channel = file.channel()) {
                        writer.entry(file.name(), size, candidate.modified(), channel);
                    }
                    content += size;
                }
                writer.finish();
            }
            payload.position(0);
            return new Prepared(payload, payload.size(), claim, larger);
        } catch (IOException | RuntimeException e) {
            if (payload != null) {
                payload.close();
            }
            claim.settle(0);
            throw e;
        }
    }

    private static void putBack(OutgoingFile file) throws IOException {
        file.channel().close();
        file.putBack();
    }

    /** Regular files with valid names and at most {@code maxSize} bytes, oldest first (Pandora reads in that order). */
    private static Candidates candidates(Spool spool, SpoolDirectory directory, long maxSize) throws IOException {
        List<Candidate> found = new ArrayList<>();
        int[] larger = {0};
        directory.list((name, attributes) -> {
            if (attributes.isRegularFile() && spool.names().isValid(name)) {
                if (attributes.size() <= maxSize) {
                    found.add(new Candidate(name, attributes.lastModifiedTime().toMillis()));
                } else {
                    larger[0]++;
                }
            }
            return false;
        });
        found.sort(Comparator.comparingLong(Candidate::modified).thenComparing(Candidate::name));
        return new Candidates(found, larger[0]);
    }
}
