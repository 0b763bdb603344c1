package io.tentacle.sshftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * An SFTP file handle open for writing: writes must come in order (as every client sends them), and
 * the file is published only when the client closed the handle ({@link #completed}); a handle closed
 * because the session ended is aborted.
 */
final class SftpUploadChannel implements SeekableByteChannel {
    private final SpoolUpload upload;
    private boolean completed;
    private boolean open = true;

    SftpUploadChannel(SpoolUpload upload) {
        this.upload = upload;
    }

    /** The client sent SSH_FXP_CLOSE for this handle. */
    void completed() {
        completed = true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        upload.write(src);
        return n;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition != upload.written()) {
            upload.abort("Client wrote '" + upload.name() + "' out of order (at " + newPosition + " after "
                    + upload.written() + " bytes); nothing stored");
            throw new RefusedException("writes must be sequential");
        }
        return this;
    }

    @Override
    public long position() {
        return upload.written();
    }

    @Override
    public long size() {
        return upload.written();
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size != upload.written()) {
            throw new RefusedException("truncating is refused");
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (completed && !upload.isOver()) {
            upload.publish();
        } else {
            upload.abandon();
        }
    }
}
