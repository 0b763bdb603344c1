package io.tentacle.sshftp;

import io.tentacle.server.ServerLog;
import io.tentacle.server.SessionPlaces;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.common.ScpTransferEventListener;
import org.apache.sshd.scp.server.ScpCommand;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SFTP and SCP (both OpenSSH modes) into the storage directory, on Apache MINA SSHD: public keys of
 * one user only; no shell, no other command, no forwarding. An SFTP or SCP session holds a session
 * place of the Tentacle server while it runs.
 */
public final class SshEndpoint implements AutoCloseable {
    private static final System.Logger LOG = ServerLog.LOGGER;

    private final SshServer server;
    private final String fingerprint;
    private final Path view;

    private SshEndpoint(SshServer server, String fingerprint, Path view) {
        this.server = server;
        this.fingerprint = fingerprint;
        this.view = view;
    }

    public static SshEndpoint start(SpoolEndpoint endpoint, SshSettings settings) throws IOException {
        if (HostKey.createIfMissing(settings.hostKey())) {
            LOG.log(System.Logger.Level.INFO, "Created the SSH host key " + settings.hostKey());
        }
        KeyPair hostKey = HostKey.load(settings.hostKey());
        if (!Files.isReadable(settings.authorizedKeys())) {
            throw new IOException("cannot read the authorized keys file " + settings.authorizedKeys());
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(
                settings.addresses().isEmpty()
                        ? ""
                        : settings.addresses().stream()
                                .map(InetAddress::getHostAddress)
                                .collect(Collectors.joining(",")));
        sshd.setPort(settings.port());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(settings.authorizedKeys());
        String user = settings.user();
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshd.setPublickeyAuthenticator((username, key, session) -> {
            boolean ok = user.equals(username) && keys.authenticate(username, key, session);
            if (!ok) {
                new ServerLog("ssh", session.getClientAddress())
                        .important("Authentication refused for user '" + username + "' with key "
                                + org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(key));
            }
            return ok;
        });
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setShellFactory(null);
        Path view = clientView(endpoint.aliases());
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(view));
        sshd.setCommandFactory(new PlacedScpFactory(endpoint));
        sshd.setSubsystemFactories(List.of(new PlacedSftpFactory(endpoint)));
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, settings.idleLimit());
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, settings.idleLimit());
        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            sshd.stop(true);
            deleteView(view);
            throw new IOException("cannot listen for SFTP on port " + settings.port() + ": " + e.getMessage());
        }
        return new SshEndpoint(sshd, HostKey.fingerprint(hostKey), view);
    }

    /**
     * What clients see: empty directories at the storage directory's aliases, so that they find their
     * target is a directory (scp and sftp check). Files are never opened there: the accessor stores
     * them in the spool; nothing can be listed.
     */
    private static Path clientView(StorageAliases aliases) throws IOException {
        Path view = Files.createTempDirectory("tentacle-sftp-view-");
        for (String alias : aliases.directories()) {
            Files.createDirectories(view.resolve(alias.substring(1)));
        }
        return view;
    }

    private static void deleteView(Path view) {
        try (java.util.stream.Stream<Path> walk = Files.walk(view)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot remove " + view + ": " + e.getMessage());
        }
    }

    /** The host key's fingerprint, {@code SHA256:...}, for the start line. */
    public String fingerprint() {
        return fingerprint;
    }

    public int port() {
        return server.getPort();
    }

    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (SocketAddress address : server.getBoundAddresses()) {
            bound.add((InetSocketAddress) address);
        }
        return bound;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot stop the SFTP endpoint: " + e.getMessage());
        }
        deleteView(view);
    }

    /** SFTP sessions that hold a session place while they run; a handle closed by the client is published. */
    private static final class PlacedSftpFactory extends SftpSubsystemFactory {
        private final SpoolEndpoint endpoint;

        PlacedSftpFactory(SpoolEndpoint endpoint) {
            this.endpoint = endpoint;
            setFileSystemAccessor(new SpoolSftpAccessor(endpoint));
            addSftpEventListener(new SftpEventListener() {
                @Override
                public void closing(ServerSession session, String remoteHandle, Handle localHandle) {
                    if (localHandle instanceof FileHandle file
                            && file.getFileChannel() instanceof SftpUploadChannel upload) {
                        upload.completed();
                    }
                }
            });
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
                @Override
                public void run() {
                    ServerLog log = new ServerLog("sftp", channel.getSession().getClientAddress());
                    Optional<SessionPlaces.Place> place =
                            endpoint.takePlace(channel.getSession().getClientAddress(), log);
                    if (place.isEmpty()) {
                        channel.close(false);
                        return;
                    }
                    try {
                        super.run();
                    } finally {
                        place.get().close();
                    }
                }

                @Override
                protected void doSetAttributes(
                        int cmd, String extension, Path file, Map<String, ?> attributes, boolean followLinks) {
                    // Modes, times and sizes a client sets (scp does, after the upload) are ignored: the spool's own
                    // apply.
                }
            };
            getRegisteredListeners().forEach(subsystem::addSftpEventListener);
            return subsystem;
        }
    }

    /** SCP commands ({@code scp -t}) that hold a session place while they run; every other command is refused. */
    private static final class PlacedScpFactory extends ScpCommandFactory {
        private final SpoolEndpoint endpoint;

        PlacedScpFactory(SpoolEndpoint endpoint) {
            this.endpoint = endpoint;
            setScpFileOpener(new SpoolScpOpener(endpoint));
        }

        @Override
        protected Command executeSupportedCommand(ChannelSession channel, String command) {
            return new ScpCommand(
                    channel,
                    command,
                    resolveExecutorService(command),
                    getSendBufferSize(),
                    getReceiveBufferSize(),
                    getScpFileOpener(),
                    ScpTransferEventListener.EMPTY) {
                @Override
                public void run() {
                    ServerLog log = new ServerLog("scp", channel.getSession().getClientAddress());
                    Optional<SessionPlaces.Place> place =
                            endpoint.takePlace(channel.getSession().getClientAddress(), log);
                    if (place.isEmpty()) {
                        onExit(1, "no session place came free; try again later");
                        return;
                    }
                    try {
                        super.run();
                    } finally {
                        place.get().close();
                    }
                }
            };
        }
    }
}
