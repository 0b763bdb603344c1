package io.tentacle.sshftp;

import io.tentacle.server.ServerLog;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * Every file operation of the SFTP subsystem: opening a file for writing in the storage directory
 * starts a {@link SpoolUpload}; reading, listing, removing, renaming, linking and making directories
 * are refused. Clients look at an empty view (see {@link SshEndpoint}): only the storage
 * directory's aliases exist there.
 */
final class SpoolSftpAccessor implements SftpFileSystemAccessor {
    private final SpoolEndpoint endpoint;

    SpoolSftpAccessor(SpoolEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public SeekableByteChannel openFile(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Set<? extends OpenOption> options,
            FileAttribute<?>... attrs)
            throws IOException {
        ServerLog log = log(subsystem);
        if (options.contains(StandardOpenOption.READ) || !options.contains(StandardOpenOption.WRITE)) {
            throw refuse(log, "Download of '" + file + "' refused: this server only accepts uploads");
        }
        if (options.contains(StandardOpenOption.APPEND)) {
            throw refuse(log, "Append to '" + file + "' refused: files are sent whole");
        }
        String name = endpoint.aliases()
                .fileName(file.toString())
                .orElseThrow(() -> refuse(log, "Upload to '" + file + "' refused: it is not in the storage directory"));
        return new SftpUploadChannel(SpoolUpload.open(
                endpoint, name, -1, log, subsystem.getServerSession().getClientAddress()));
    }

    @Override
    public void closeFile(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Channel channel,
            Set<? extends OpenOption> options)
            throws IOException {
        channel.close();
    }

    @Override
    public void syncFileData(
            SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle, Channel channel) {
        // The file is flushed when it is published, per --fsync, as for a Tentacle upload.
    }

    @Override
    public FileLock tryLock(
            SftpSubsystemProxy subsystem,
            FileHandle fileHandle,
            Path file,
            String handle,
            Channel channel,
            long position,
            long size,
            boolean shared)
            throws IOException {
        throw new RefusedException("locking is refused");
    }

    @Override
    public DirectoryStream<Path> openDirectory(
            SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir, String handle, LinkOption... options)
            throws IOException {
        throw refuse(log(subsystem), "Listing of '" + dir + "' refused: this server only accepts uploads");
    }

    // Attributes a client sends along (permissions, times) are ignored: the spool's own mode applies.
    @Override
    public void setFileAttribute(
            SftpSubsystemProxy subsystem,
            Path file,
            String view,
            String attribute,
            Object value,
            LinkOption... options) {}

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path path, Principal value, LinkOption... options) {}

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path path, Principal value, LinkOption... options) {}

    @Override
    public void setFilePermissions(
            SftpSubsystemProxy subsystem, Path path, Set<PosixFilePermission> perms, LinkOption... options) {}

    @Override
    public void setFileAccessControl(
            SftpSubsystemProxy subsystem, Path path, List<AclEntry> acl, LinkOption... options) {}

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        throw refuse(log(subsystem), "Making directory '" + path + "' refused: this server only accepts uploads");
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw refuse(log(subsystem), "Making link '" + link + "' refused: this server only accepts uploads");
    }

    @Override
    public String resolveLinkTarget(SftpSubsystemProxy subsystem, Path link) throws IOException {
        throw new NoSuchFileException(link.toString());
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        throw refuse(log(subsystem), "Renaming '" + oldPath + "' refused: this server only accepts uploads");
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
            throws IOException {
        throw refuse(log(subsystem), "Copying '" + src + "' refused: this server only accepts uploads");
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        throw refuse(log(subsystem), "Removing '" + path + "' refused: this server only accepts uploads");
    }

    private static RefusedException refuse(ServerLog log, String message) {
        log.important(message);
        return new RefusedException(message);
    }

    static ServerLog log(SftpSubsystemProxy subsystem) {
        return new ServerLog("sftp", subsystem.getServerSession().getClientAddress());
    }
}
