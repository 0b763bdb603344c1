package io.tentacle.sshftp;

import io.netty.buffer.Unpooled;
import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.ServerLog;
import io.tentacle.server.StoredFileListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file arriving over SFTP, SCP or FTP, under a Tentacle upload's rules: the name rules, -m, -o,
 * the filters' directory, a hidden temp file that takes its final name only in {@link #publish}, the
 * stored-file listener and the same log lines. {@link #abort} leaves nothing behind. One thread at a time.
 */
final class SpoolUpload implements AutoCloseable {
    private final SpoolEndpoint endpoint;
    private final String name;
    private final Path target;
    private final IncomingFile file;
    private final ServerLog log;
    private final SocketAddress peer;
    private final boolean claimed;
    private boolean over;

    private SpoolUpload(
            SpoolEndpoint endpoint,
            String name,
            Path target,
            IncomingFile file,
            ServerLog log,
            SocketAddress peer,
            boolean claimed) {
        this.endpoint = endpoint;
        this.name = name;
        this.target = target;
        this.file = file;
        this.log = log;
        this.peer = peer;
        this.claimed = claimed;
    }

    /**
     * Starts an upload of {@code name}; {@code announcedSize} is the size when the protocol says it
     * first (SCP), else -1. Refusals are logged as for Tentacle and thrown as {@link RefusedException}.
     */
    static SpoolUpload open(SpoolEndpoint endpoint, String name, long announcedSize, ServerLog log, SocketAddress peer)
            throws IOException {
        ServerConfig config = endpoint.config();
        Spool spool = endpoint.spool();
        log.transfer(() ->
                "Request to send file '" + name + "'" + (announcedSize >= 0 ? " size " + announcedSize + "b" : ""));
        Optional<String> invalid = spool.names().whyInvalid(name);
        if (invalid.isPresent()) {
            throw refuse(log, "File '" + name + "' has an invalid file name: " + invalid.get());
        }
        if (announcedSize > config.maxSize()) {
            throw refuse(log, tooBig(name, announcedSize, config));
        }
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(name, true);
        } catch (IOException e) {
            throw refuse(log, "Cannot store '" + name + "': " + e.getMessage());
        }
        boolean claimed = !config.overwrite();
        Path target = spool.pathFor(name);
        try {
            if (claimed && directory.isRegularFile(name)) {
                throw refuse(log, "File '" + name + "' already exists");
            }
            if (claimed && !spool.claim(target)) {
                throw refuse(log, "File '" + name + "' is being uploaded by another client");
            }
        } catch (IOException e) {
            directory.closeQuietly();
            throw e instanceof RefusedException ? e : refuse(log, "Cannot store '" + name + "': " + e.getMessage());
        }
        try {
            return new SpoolUpload(endpoint, name, target, IncomingFile.create(directory, name), log, peer, claimed);
        } catch (IOException e) {
            if (claimed) {
                spool.release(target);
            }
            directory.closeQuietly();
            throw refuse(log, "Cannot create a file for '" + name + "': " + e);
        }
    }

    private static RefusedException refuse(ServerLog log, String message) {
        log.important(message);
        return new RefusedException(message);
    }

    private static String tooBig(String name, long size, ServerConfig config) {
        return "File '" + name + "' size " + size + "b is too big (limit " + config.maxSize() + "b)";
    }

    String name() {
        return name;
    }

    synchronized long written() {
        return file.written();
    }

    /** Appends {@code bytes}; past -m the upload is aborted and the write fails. */
    synchronized void write(ByteBuffer bytes) throws IOException {
        if (over) {
            throw new IOException("the upload of '" + name + "' is over");
        }
        long size = file.written() + bytes.remaining();
        if (size > endpoint.config().maxSize()) {
            abort(tooBig(name, size, endpoint.config()) + "; nothing stored");
            throw new RefusedException(tooBig(name, size, endpoint.config()));
        }
        try {
            file.write(Unpooled.wrappedBuffer(bytes));
        } catch (IOException e) {
            abort("Cannot write '" + name + "': " + e);
            throw e;
        }
    }

    /**
     * The upload as a stream to write into. Closing it abandons the upload when {@code abandonOnClose}
     * (SCP: a file that went well is published before its stream closes) and otherwise ends nothing
     * (FTP closes the stream whether the transfer went well or not, and says which only afterwards).
     */
    OutputStream stream(boolean abandonOnClose) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                SpoolUpload.this.write(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() {
                if (abandonOnClose) {
                    abandon();
                }
            }
        };
    }

    /** Every byte has arrived and the client closed the file without error: the name becomes visible. */
    synchronized void publish() throws IOException {
        if (over) {
            throw new IOException("the upload of '" + name + "' is over");
        }
        long size = file.written();
        if (size < 1) {
            abort("File '" + name + "' is empty; nothing stored");
            throw new RefusedException("File '" + name + "' is empty; nothing stored");
        }
        ServerConfig config = endpoint.config();
        try {
            file.publish(
                    config.overwrite() ? SpoolFiles.Existing.REPLACE : SpoolFiles.Existing.KEEP_CLAIMED,
                    config.fsync());
        } catch (FileAlreadyExistsException e) {
            abort("File '" + name + "' not stored: the name was taken while the file was arriving");
            throw new RefusedException("File '" + name + "' already exists");
        } catch (IOException e) {
            abort("File '" + name + "' not stored: cannot write " + file.target() + ": " + e);
            throw e;
        }
        finish();
        log.transfer(() -> "Received file '" + name + "' size " + size + "b");
        config.listener().fileStored(new StoredFileListener.StoredFile(name, file.target(), size, peer));
    }

    /** Throws the bytes away, with the reason in the log; nothing when the upload is already over. */
    synchronized void abort(String reason) {
        if (!over) {
            log.important(reason);
            file.abort();
            finish();
        }
    }

    /** The transfer broke off: nothing becomes visible. */
    synchronized void abandon() {
        abort("Connection lost after " + file.written() + " bytes of '" + name + "'; nothing stored");
    }

    private void finish() {
        over = true;
        file.abort(); // After publish: only closes. The temp name is gone either way.
        if (claimed) {
            endpoint.spool().release(target);
        }
        file.directory().closeQuietly();
    }

    synchronized boolean isOver() {
        return over;
    }

    @Override
    public void close() {
        abandon();
    }
}
