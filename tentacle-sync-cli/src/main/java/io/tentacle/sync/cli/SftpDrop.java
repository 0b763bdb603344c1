package io.tentacle.sync.cli;

import io.tentacle.sync.Drop;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * An SSH server that agents {@code scp} into, drained over SFTP with MINA SSHD's client. The host key
 * must be in {@code sync_sftp_known_hosts}: an unknown or changed key is refused, with its fingerprint
 * and how to add it, and the known-hosts file is never written.
 */
final class SftpDrop implements Drop {
    private final SftpAddress address;
    private final List<KeyPair> identities;
    private final Path knownHosts;
    private final Duration timeout;
    private final Duration minAge;

    SftpDrop(SftpAddress address, List<KeyPair> identities, Path knownHosts, Duration timeout, Duration minAge) {
        this.address = address;
        this.identities = List.copyOf(identities);
        this.knownHosts = knownHosts;
        this.timeout = timeout;
        this.minAge = minAge;
    }

    @Override
    public Remote remote() {
        return address.remote();
    }

    @Override
    public String label() {
        return address.label();
    }

    @Override
    public Duration minAge() {
        return minAge;
    }

    @Override
    public Session open() throws IOException {
        HostKeyCheck check = new HostKeyCheck();
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(check::unknown, knownHosts);
        verifier.setModifiedServerKeyAcceptor(check::changed);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        // A drop that goes silent fails the pass after sync_timeout instead of holding it.
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, timeout);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, timeout);
        CoreModuleProperties.AUTH_TIMEOUT.set(client, timeout);
        // Each file is a few small request/reply round trips: Nagle plus delayed ACKs would add 40 ms to each.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
        ClientSession session = null;
        try {
            Remote remote = address.remote();
            session = client.connect(address.user(), remote.host(), remote.port())
                    .verify(timeout)
                    .getSession();
            identities.forEach(session::addPublicKeyIdentity);
            try {
                session.auth().verify(timeout);
            } catch (IOException e) {
                if (check.refusal != null) {
                    throw new Refused(check.refusal);
                }
                if (session.isOpen() && !session.isAuthenticated()) {
                    throw new Refused(
                            "user '" + address.user() + "' was refused with the key of sync_sftp_key; add its public"
                                    + " half to that user's authorized_keys on the drop");
                }
                throw e;
            }
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpSession(client, sftp);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            if (check.refusal != null && !(e instanceof Refused)) {
                throw new Refused(check.refusal);
            }
            throw e;
        }
    }

    /** Remembers why a host key was refused, for a message that says what to do. */
    private final class HostKeyCheck {
        private volatile String refusal;

        boolean unknown(ClientSession session, SocketAddress where, PublicKey key) {
            refusal =
                    "the host key " + describe(key) + " is not in sync_sftp_known_hosts (" + knownHosts + "); refused."
                            + " Check it against the drop's own key (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub there), then add it: "
                            + "ssh-keyscan -p " + address.remote().port() + " "
                            + address.remote().host() + " >> " + knownHosts;
            return false;
        }

        boolean changed(
                ClientSession session,
                SocketAddress where,
                KnownHostEntry entry,
                PublicKey expected,
                PublicKey actual) {
            refusal = "the host key " + describe(actual) + " differs from the one in sync_sftp_known_hosts ("
                    + knownHosts + ", "
                    + describe(expected) + "); refused. If the drop's key really changed, replace its line in that file"
                    + " (ssh-keygen -R '" + entry.getConfigLine() + "' -f " + knownHosts + " names it)";
            return false;
        }
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    }

    private final class SftpSession implements Session {
        private final SshClient client;
        private final SftpClient sftp;

        SftpSession(SshClient client, SftpClient sftp) {
            this.client = client;
            this.sftp = sftp;
        }

        @Override
        public List<Entry> list(long maxBytes) throws IOException {
            try {
                return listed(maxBytes);
            } catch (UncheckedIOException e) {
                throw refusedListing(e.getCause()); // The directory iterator reports failures unchecked.
            } catch (SftpException e) {
                throw refusedListing(e);
            }
        }

        private IOException refusedListing(IOException e) {
            String why = e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                    ? " (no such directory: check the path of the sftp:// address)"
                    : e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED
                            ? " (the user may not read it; a write-only server such as tentacle-server --sftp-port is not a drop:"
                                    + " pull that one as a Tentacle remote)"
                            : "";
            return new IOException("cannot list " + address.path() + ": " + e.getMessage() + why, e);
        }

        private List<Entry> listed(long maxBytes) throws IOException {
            List<Entry> entries = new ArrayList<>();
            long bytes = 0;
            for (SftpClient.DirEntry e : sftp.readDir(address.path())) {
                bytes += e.getFilename().getBytes(StandardCharsets.UTF_8).length + 1;
                if (bytes > maxBytes) {
                    throw new IOException("the listing of " + address.path() + " is longer than sync_max_list_bytes ("
                            + maxBytes + " bytes of names)");
                }
                SftpClient.Attributes a = e.getAttributes();
                if (a.isRegularFile() && a.getModifyTime() != null) {
                    entries.add(new Entry(
                            e.getFilename(), a.getSize(), a.getModifyTime().toInstant()));
                }
            }
            return entries;
        }

        @Override
        public void fetch(String name, OutputStream out) throws IOException {
            try (InputStream in = sftp.read(pathOf(name))) {
                in.transferTo(out);
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw new NoSuchFileException(name);
                }
                throw new IOException("cannot fetch " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void delete(String name) throws IOException {
            try {
                sftp.remove(pathOf(name));
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw new IOException("cannot delete it on the drop: " + e.getMessage(), e);
                }
            }
        }

        /**
         * To a hidden temp name, flushed to the drop's disk where the server can (OpenSSH's fsync
         * extension), then renamed over the final name in one step (OpenSSH's posix-rename extension).
         */
        @Override
        public void put(Path file, String name) throws IOException {
            String temp = pathOf(Drop.pushTempName());
            boolean renamed = false;
            try {
                write(file, temp);
                rename(temp, pathOf(name));
                renamed = true;
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
                    throw new RemoteFiles.Refused("the drop does not let user '" + address.user() + "' write it: "
                            + e.getMessage() + " (give that user write permission on " + address.path() + ")");
                }
                throw new IOException("cannot put " + name + " on the drop: " + e.getMessage(), e);
            } finally {
                if (!renamed) {
                    removeQuietly(temp);
                }
            }
        }

        private void write(Path file, String temp) throws IOException {
            byte[] buffer = new byte[32 * 1024];
            try (InputStream in = Files.newInputStream(file);
                    SftpClient.CloseableHandle handle = sftp.open(
                            temp,
                            SftpClient.OpenMode.Write,
                            SftpClient.OpenMode.Create,
                            SftpClient.OpenMode.Exclusive)) {
                long offset = 0;
                for (int n; (n = in.read(buffer)) > 0; offset += n) {
                    sftp.write(handle, offset, buffer, 0, n);
                }
                OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
                if (fsync.isSupported()) {
                    fsync.fsync(handle);
                }
            }
        }

        /** Atomic where the server offers it; otherwise (plain SFTP v3 cannot replace) the old file goes first. */
        private void rename(String from, String to) throws IOException {
            OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posix.isSupported()) {
                posix.posixRename(from, to);
                return;
            }
            try {
                sftp.remove(to);
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            sftp.rename(from, to);
        }

        private void removeQuietly(String path) {
            try {
                sftp.remove(path);
            } catch (IOException e) {
                // Never created, or the connection is gone: the pass reports the failure itself.
            }
        }

        private String pathOf(String name) {
            return address.path().endsWith("/") ? address.path() + name : address.path() + "/" + name;
        }

        @Override
        public void close() throws IOException {
            try {
                sftp.close();
            } finally {
                client.stop();
            }
        }
    }

    /** The key pairs of a private key file, read once at start-up. */
    static List<KeyPair> loadIdentities(Path keyFile) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        try {
            for (KeyPair key : new org.apache.sshd.common.keyprovider.FileKeyPairProvider(keyFile).loadKeys(null)) {
                keys.add(key);
            }
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IOException("no private key in it");
        }
        return keys;
    }
}
