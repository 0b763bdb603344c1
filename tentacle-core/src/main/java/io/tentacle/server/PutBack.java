package io.tentacle.server;

import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import java.io.IOException;
import java.nio.file.Path;

/** Gives an unconfirmed moved file (MV or a batch) its name back. */
final class PutBack {
    private PutBack() {}

    /**
     * Under the spool's claim on the name, which uploads without overwrite hold until they are
     * published: otherwise one could be published between the put-back's check and its rename, and
     * one of the two files would replace the other. Returns the name the file now has.
     */
    static String putBack(Spool spool, OutgoingFile file) throws IOException {
        Path target = spool.pathFor(file.name());
        if (!spool.claim(target)) {
            return file.putBeside(); // An upload of the name is on its way: it gets the name.
        }
        try {
            return file.putBack();
        } finally {
            spool.release(target);
        }
    }
}
