package io.tentacle.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A spool file opened for sending. The open channel pins the content: a file renamed over the name
 * meanwhile does not change what we send. A moved file ({@link #claim}) is first renamed to a hidden
 * name, so that no second MV and no new upload of the same name can touch it.
 */
public final class OutgoingFile {
    private final SpoolDirectory directory;
    private final String name;
    private final String claimedName;
    private final FileChannel channel;
    private final long size;

    private OutgoingFile(SpoolDirectory directory, String name, String claimedName, FileChannel channel)
            throws IOException {
        this.directory = directory;
        this.name = name;
        this.claimedName = claimedName;
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * Opens a regular file of {@code directory} without following a link; {@link java.nio.file.NoSuchFileException}
     * otherwise. Blocks on a FIFO swapped in at the wrong moment: never on an event loop.
     */
    public static OutgoingFile open(SpoolDirectory directory, String name) throws IOException {
        return new OutgoingFile(directory, name, null, directory.openRegular(name));
    }

    /**
     * Takes the regular file {@code name} out of sight (a rename to a hidden name) and opens it. Of two
     * claims of one name, one gets {@link java.nio.file.NoSuchFileException}. Off the event loop only.
     */
    public static OutgoingFile claim(SpoolDirectory directory, String name) throws IOException {
        var attributes = directory.attributes(name);
        if (attributes == null || !attributes.isRegularFile()) {
            throw new java.nio.file.NoSuchFileException(
                    directory.path().resolve(name).toString());
        }
        String claimed = MovedFiles.claimedName(name);
        directory.rename(name, claimed);
        try {
            return new OutgoingFile(directory, name, claimed, directory.openRegular(claimed));
        } catch (IOException e) {
            MovedFiles.putBack(directory, claimed);
            throw e;
        }
    }

    /** A file with no name (a ZRECV archive, unlinked as soon as made): it goes when it is closed. */
    public static OutgoingFile unnamed(SpoolDirectory directory, String name, FileChannel channel) throws IOException {
        return new OutgoingFile(directory, name, null, channel);
    }

    /** The name the client asked for. */
    public String name() {
        return name;
    }

    public SpoolDirectory directory() {
        return directory;
    }

    public FileChannel channel() {
        return channel;
    }

    public long size() {
        return size;
    }

    public boolean isClaimed() {
        return claimedName != null;
    }

    /** The client has the moved file: it goes. Only the claimed file is removed, never a newer one of the name. */
    public void deleteClaimed() throws IOException {
        if (claimedName != null) {
            directory.delete(claimedName);
        }
    }

    /**
     * The move was not confirmed: the file gets its name back, or a unique one when a new file took
     * the name meanwhile. Returns the name it now has.
     */
    public String putBack() throws IOException {
        return MovedFiles.putBack(directory, claimedName);
    }

    /** The move was not confirmed and an upload of the name is on its way: the file takes a unique name beside it. */
    public String putBeside() throws IOException {
        return MovedFiles.putBeside(directory, claimedName);
    }

    /** Closes the file and the directory handle it holds. */
    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing was lost.
        }
        directory.closeQuietly();
    }
}
