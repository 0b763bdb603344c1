package io.tentacle.sync;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.storage.NameRules;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One pass against one {@link Drop}: every data file that has not changed for the drop's minimum age is
 * downloaded into the remote's staging directory, fsynced, published exactly as a file moved from a
 * Tentacle remote ({@link Incoming#publishData}), and only then deleted on the drop. A crash anywhere
 * leaves the file on the drop, or durably staged (published by the next start), or both: at-least-once.
 * Then configuration is exchanged with the drop exactly as with a Tentacle remote
 * ({@link ConfigurationExchange}). Never throws: whatever fails ends up in the report.
 */
final class DropPass {
    private final PassContext pass;
    private final Drop drop;

    private final PassTally tally;
    private int left;

    /** {@code pass} is about the drop's remote. */
    DropPass(PassContext pass, Drop drop) {
        this.pass = pass;
        this.drop = drop;
        this.tally = pass.tally();
    }

    RemoteReport run() {
        long start = System.nanoTime();
        boolean reachable = false;
        ConfigurationExchange exchange = pass.exchange(tally::error);
        try (Drop.Session session = drop.open()) {
            reachable = true;
            drain(session);
            if (!pass.stop().isRaised()) {
                exchange.run(new DropFiles(
                        session, pass.config().maxListBytes(), pass.config().maxSize()));
            }
        } catch (Drop.Refused e) {
            reachable = true;
            error(drop.label() + ": " + e.getMessage());
        } catch (IOException e) {
            error((reachable ? drop.label() + ": " : "unreachable: " + drop.label() + ": ") + e.getMessage());
        } catch (RuntimeException e) {
            error("unexpected failure: " + e);
        }
        return tally.finish(start, reachable, exchange, left, tally.pulled() > 0 ? 1 : 0, null);
    }

    private void error(String message) {
        tally.error(message);
    }

    /** Oldest first, so a full incoming directory still takes the files waiting longest. */
    private void drain(Drop.Session session) throws IOException {
        List<Drop.Entry> entries = new ArrayList<>(session.list(pass.config().maxListBytes()));
        entries.sort(Comparator.comparing(Drop.Entry::modified));
        Instant settled = Instant.now().minus(drop.minAge());
        boolean full = false;
        for (Drop.Entry entry : entries) {
            String name = entry.name();
            if (Drop.isPushTemp(name)) {
                session.delete(name); // Half a push of a killed pass: ours, and nobody else reads it.
                continue;
            }
            if (SpoolFiles.isTempName(name) || !NameRules.standard().isValid(name) || Drop.isConfiguration(name)) {
                continue;
            }
            if (pass.stop().isRaised()) {
                return;
            }
            if (full || entry.modified().isAfter(settled)) {
                left++; // Still being written (agents' scp writes in place), or no room: the next pass takes it.
                continue;
            }
            if (entry.size() > pass.config().maxSize()) {
                tally.declined(name + ": the file is " + entry.size() + " bytes, over the limit of "
                        + pass.config().maxSize() + " (declined, left on the server)");
                continue;
            }
            if (!pass.budget().tryClaim()) {
                full = true;
                left++;
                continue;
            }
            pullOne(session, entry);
        }
    }

    /** Stores one file durably, publishes it, and only then deletes it on the drop. */
    private void pullOne(Drop.Session session, Drop.Entry entry) throws IOException {
        String name = entry.name();
        Path staged = pass.incoming().staging(pass.remote()).resolve(name);
        long size;
        try {
            size = download(session, name, staged);
        } catch (NoSuchFileException e) {
            pass.budget().release();
            tally.vanished(name, "before it could be fetched");
            return;
        } catch (TooBig e) {
            pass.budget().release();
            tally.declined(name + ": it grew past the limit of " + pass.config().maxSize()
                    + " bytes while fetched (declined, left on the server)");
            return;
        } catch (IOException e) {
            pass.budget().release();
            throw e;
        }
        // Stored durably in staging: from here on a crash is repaired by the next start.
        tally.stored(staged, name, size);
        try {
            session.delete(name);
        } catch (IOException e) {
            throw new IOException(
                    "stored " + name + " but " + e.getMessage() + " (it is pulled again, as a duplicate,"
                            + " next pass)",
                    e);
        }
    }

    /** Into a hidden temp file of the staging directory, fsynced, then renamed to its name there. */
    private long download(Drop.Session session, String name, Path staged) throws IOException {
        SpoolFiles.TempFile temp = SpoolFiles.openTemp(staged.getParent());
        boolean stored = false;
        try {
            Bounded out = new Bounded(
                    Channels.newOutputStream(temp.channel()), pass.config().maxSize());
            session.fetch(name, out);
            out.flush();
            temp.channel().force(true);
            temp.channel().close();
            SpoolFiles.publish(temp.path(), staged, SpoolFiles.Existing.REPLACE, true);
            stored = true;
            return out.count;
        } finally {
            if (!stored) {
                temp.channel().close();
                SpoolFiles.deleteQuietly(temp.path());
            }
        }
    }

    /** A file on a drop can grow while it is read: never store more than the size limit. */
    static final class Bounded extends FilterOutputStream {
        private final long max;
        private long count;

        Bounded(OutputStream out, long max) {
            super(out);
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            grow(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            grow(len);
            out.write(b, off, len);
        }

        private void grow(long n) throws TooBig {
            count += n;
            if (count > max) {
                throw new TooBig();
            }
        }
    }

    static final class TooBig extends IOException {
        TooBig() {
            super("over the size limit");
        }
    }
}
