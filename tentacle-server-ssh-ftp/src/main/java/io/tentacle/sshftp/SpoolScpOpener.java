package io.tentacle.sshftp;

import io.tentacle.server.ServerLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.ScpFileOpener;
import org.apache.sshd.scp.common.ScpSourceStreamResolver;
import org.apache.sshd.scp.common.ScpTargetStreamResolver;
import org.apache.sshd.scp.common.helpers.ScpTimestampCommandDetails;

/**
 * Legacy SCP ({@code scp -O}, {@code scp -t} on the server): a file sent into the storage directory,
 * or to a name in it, becomes a {@link SpoolUpload}; the file is published only when all the bytes
 * the client announced have arrived. Sending files back and directories ({@code -r}) are refused.
 */
final class SpoolScpOpener implements ScpFileOpener {
    private final SpoolEndpoint endpoint;

    SpoolScpOpener(SpoolEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Path resolveIncomingReceiveLocation(
            Session session, Path path, boolean recursive, boolean shouldBeDir, boolean preserve) throws IOException {
        if (recursive) {
            throw refuse(session, "Directory upload to '" + path + "' refused: send files one by one");
        }
        if (endpoint.aliases().isStorage(path.toString())
                || (!shouldBeDir && endpoint.aliases().fileName(path.toString()).isPresent())) {
            return path;
        }
        throw refuse(session, "Upload to '" + path + "' refused: it is not in the storage directory");
    }

    @Override
    public ScpTargetStreamResolver createScpTargetStreamResolver(Session session, Path path) throws IOException {
        if (endpoint.aliases().isStorage(path.toString())) {
            return new Target(session, path, null);
        }
        String name = endpoint.aliases()
                .fileName(path.toString())
                .orElseThrow(
                        () -> refuse(session, "Upload to '" + path + "' refused: it is not in the storage directory"));
        return new Target(session, path, name);
    }

    @Override
    public OutputStream openWrite(
            Session session, Path file, long size, Set<PosixFilePermission> permissions, OpenOption... options)
            throws IOException {
        throw refuse(session, "Upload to '" + file + "' refused");
    }

    @Override
    public InputStream openRead(
            Session session, Path file, long size, Set<PosixFilePermission> permissions, OpenOption... options)
            throws IOException {
        throw refuse(session, "Download of '" + file + "' refused: this server only accepts uploads");
    }

    @Override
    public ScpSourceStreamResolver createScpSourceStreamResolver(Session session, Path path) throws IOException {
        throw refuse(session, "Download of '" + path + "' refused: this server only accepts uploads");
    }

    @Override
    public Iterable<Path> getMatchingFilesToSend(Session session, Path basedir, String pattern) throws IOException {
        throw refuse(session, "Download of '" + pattern + "' refused: this server only accepts uploads");
    }

    private static RefusedException refuse(Session session, String message) {
        log(session).important(message);
        return new RefusedException(message);
    }

    private static ServerLog log(Session session) {
        return new ServerLog("scp", session.getRemoteAddress());
    }

    /** One file of the transfer. */
    private final class Target implements ScpTargetStreamResolver {
        private final Session session;
        private final Path path;
        private final String name; // Null: the name the client announces.
        private SpoolUpload upload;

        Target(Session session, Path path, String name) {
            this.session = session;
            this.path = path;
            this.name = name;
        }

        @Override
        public OutputStream resolveTargetStream(
                Session s, String announcedName, long length, Set<PosixFilePermission> perms, OpenOption... options)
                throws IOException {
            upload = SpoolUpload.open(
                    endpoint, name == null ? announcedName : name, length, log(session), session.getRemoteAddress());
            return upload.stream(true); // Published in closeTargetStream, which comes first when all went well.
        }

        @Override
        public void closeTargetStream(
                Session s, String announcedName, long length, Set<PosixFilePermission> perms, OutputStream stream)
                throws IOException {
            if (upload.written() != length) {
                upload.abandon();
                throw new IOException("only " + upload.written() + " of " + length + " bytes arrived");
            }
            upload.publish();
        }

        @Override
        public Path getEventListenerFilePath() {
            return path;
        }

        @Override
        public void postProcessReceivedData(
                String announcedName,
                boolean preserve,
                Set<PosixFilePermission> perms,
                ScpTimestampCommandDetails time) {
            // Times and modes from -p are ignored: the spool's own apply.
        }
    }
}
