package io.tentacle.sshftp;

import io.tentacle.server.ServerLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.List;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * One FTP session's view: the storage directory (under any of its aliases) and names in it to upload
 * to. Nothing can be read, listed, removed, renamed or made. An upload is published by
 * {@link #publishUpload} when the server reports the transfer complete, never by closing the stream,
 * which happens on failures too.
 */
final class SpoolFtpFiles implements FileSystemView {
    private final SpoolEndpoint endpoint;
    private String workingDirectory = "/";
    private ServerLog log = new ServerLog("ftp", null);
    private SocketAddress peer;
    private SpoolUpload current;

    SpoolFtpFiles(SpoolEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    void peer(SocketAddress address) {
        this.peer = address;
        this.log = new ServerLog("ftp", address);
    }

    ServerLog log() {
        return log;
    }

    @Override
    public FtpFile getHomeDirectory() {
        return new Entry("/");
    }

    @Override
    public FtpFile getWorkingDirectory() {
        return new Entry(workingDirectory);
    }

    @Override
    public boolean changeWorkingDirectory(String dir) {
        String path = resolve(dir);
        // curl changes directory one step at a time: /var, /var/spool... are on the way.
        if (!endpoint.aliases().leadsToStorage(path)) {
            log.important("Change to directory '" + dir + "' refused: it is not the storage directory");
            return false;
        }
        workingDirectory = StorageAliases.normalize(path);
        return true;
    }

    @Override
    public FtpFile getFile(String file) {
        return new Entry(StorageAliases.normalize(resolve(file)));
    }

    private String resolve(String path) {
        return path.startsWith("/") ? path : workingDirectory + "/" + path;
    }

    @Override
    public boolean isRandomAccessible() {
        return false;
    }

    @Override
    public synchronized void dispose() {
        abandonUpload();
    }

    /** The transfer completed: the file takes its name (or the failure goes to the client). */
    synchronized void publishUpload() throws IOException {
        SpoolUpload upload = current;
        current = null;
        if (upload != null) {
            upload.publish();
        }
    }

    /** The STOR failed or the session ended: nothing becomes visible. */
    synchronized void abandonUpload() {
        if (current != null) {
            current.abandon();
            current = null;
        }
    }

    private synchronized SpoolUpload begin(String path) throws IOException {
        abandonUpload();
        String name = endpoint.aliases().fileName(path).orElse(null);
        if (name == null) {
            String message = "Upload to '" + path + "' refused: it is not in the storage directory";
            log.important(message);
            throw new RefusedException(message);
        }
        current = SpoolUpload.open(endpoint, name, -1, log, peer);
        return current;
    }

    /** A path as the client sees it: the storage directory, or a name in (or out of) it. */
    private final class Entry implements FtpFile {
        private final String path;

        Entry(String path) {
            this.path = path;
        }

        private boolean isStorage() {
            return endpoint.aliases().leadsToStorage(path);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getName() {
            return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public boolean isHidden() {
            return false;
        }

        @Override
        public boolean isDirectory() {
            return isStorage();
        }

        @Override
        public boolean isFile() {
            return !isStorage();
        }

        @Override
        public boolean doesExist() {
            return isStorage();
        }

        @Override
        public boolean isReadable() {
            return false;
        }

        @Override
        public boolean isWritable() {
            return !isStorage();
        }

        @Override
        public boolean isRemovable() {
            return false;
        }

        @Override
        public String getOwnerName() {
            return "pandora";
        }

        @Override
        public String getGroupName() {
            return "pandora";
        }

        @Override
        public int getLinkCount() {
            return 1;
        }

        @Override
        public long getLastModified() {
            return 0;
        }

        @Override
        public boolean setLastModified(long time) {
            return false;
        }

        @Override
        public long getSize() {
            return 0;
        }

        @Override
        public Object getPhysicalFile() {
            return null;
        }

        @Override
        public boolean mkdir() {
            return false;
        }

        @Override
        public boolean delete() {
            return false;
        }

        @Override
        public boolean move(FtpFile destination) {
            return false;
        }

        @Override
        public List<? extends FtpFile> listFiles() {
            return List.of();
        }

        @Override
        public OutputStream createOutputStream(long offset) throws IOException {
            if (offset != 0) {
                throw new RefusedException("resuming an upload is refused: send the file whole");
            }
            return begin(path).stream(false);
        }

        @Override
        public InputStream createInputStream(long offset) throws IOException {
            throw new RefusedException("downloads are refused: this server only accepts uploads");
        }
    }
}
