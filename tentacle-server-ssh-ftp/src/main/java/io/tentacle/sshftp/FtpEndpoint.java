package io.tentacle.sshftp;

import io.tentacle.server.ServerLog;
import io.tentacle.server.SessionPlaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.impl.DefaultFtpServerContext;
import org.apache.ftpserver.impl.DefaultFtpStatistics;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * FTP (and explicit FTPS) into the storage directory, on Apache FtpServer: one user with a password,
 * the commands an agent's {@code ftp -n} and {@code curl -T} send, and nothing else. A logged-in
 * session holds a session place of the Tentacle server.
 */
public final class FtpEndpoint implements AutoCloseable {
    /** What an uploading client needs; everything else (LIST, NLST, RETR, DELE, MKD, RNFR, SITE...) is refused. */
    private static final Set<String> ALLOWED = Set.of(
            "USER", "PASS", "QUIT", "CWD", "CDUP", "PWD", "XPWD", "XCWD", "TYPE", "MODE", "STRU", "PASV", "EPSV",
            "PORT", "EPRT", "STOR", "SYST", "FEAT", "NOOP", "AUTH", "PBSZ", "PROT", "OPTS", "ALLO", "HELP", "ABOR",
            "REIN", "CLNT", "LANG");

    private static final String PLACE = "tentacle.place";

    private final FtpServer server;
    private final List<Listener> listeners;

    private FtpEndpoint(FtpServer server, List<Listener> listeners) {
        this.server = server;
        this.listeners = listeners;
    }

    public static FtpEndpoint start(SpoolEndpoint endpoint, FtpSettings settings) throws IOException {
        FtpServerFactory factory = new FtpServerFactory();
        List<InetAddress> addresses =
                settings.addresses().isEmpty() ? java.util.Collections.singletonList(null) : settings.addresses();
        int i = 0;
        for (InetAddress address : addresses) {
            ListenerFactory listener = new ListenerFactory();
            if (address != null) {
                listener.setServerAddress(address.getHostAddress());
            }
            listener.setPort(settings.port());
            listener.setIdleTimeout((int) Math.max(1, settings.idleLimit().toSeconds()));
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            if (settings.passivePorts() != null) {
                data.setPassivePorts(settings.passivePorts());
            }
            data.setIdleTime((int) Math.max(1, settings.idleLimit().toSeconds()));
            if (settings.tls() != null) {
                SslConfiguration tls = sslConfiguration(settings.tls());
                listener.setSslConfiguration(tls);
                listener.setImplicitSsl(false);
                data.setSslConfiguration(tls);
            }
            listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
            factory.addListener(i == 0 ? "default" : "listener" + i, listener.createListener());
            i++;
        }
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        connections.setMaxLoginFailures(3);
        // The Tentacle server's session places are the limit; FtpServer's own stays out of their way.
        connections.setMaxLogins(
                endpoint.config().maxSessions() + endpoint.config().maxWaiting());
        connections.setMaxThreads(
                endpoint.config().maxSessions() + endpoint.config().maxWaiting());
        connections.setLoginFailureDelay(500);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(new OneUser(settings.user(), settings.password()));
        factory.setFileSystem(user -> new SpoolFtpFiles(endpoint));
        Map<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new LinkedHashMap<>();
        ftplets.put("tentacle", new UploadRules(endpoint));
        factory.setFtplets(ftplets);
        DefaultFtpServer server = (DefaultFtpServer) factory.createServer();
        ((DefaultFtpServerContext) server.getServerContext()).setFtpStatistics(new PublishOnCompletion());
        try {
            server.start();
        } catch (FtpException | RuntimeException e) {
            server.stop();
            throw new IOException("cannot listen for FTP on port " + settings.port() + ": " + e.getMessage());
        }
        return new FtpEndpoint(server, new ArrayList<>(server.getListeners().values()));
    }

    public int port() {
        return listeners.get(0).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Refuses every command an upload does not need, and holds a session place while logged in. */
    private static final class UploadRules extends DefaultFtplet {
        private final SpoolEndpoint endpoint;

        UploadRules(SpoolEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand().toUpperCase(Locale.ROOT);
            if (!ALLOWED.contains(command)) {
                view(session)
                        .ifPresent(v ->
                                v.log().important("Command " + command + " refused: this server only accepts uploads"));
                session.write(new DefaultFtpReply(
                        FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                        command + " refused: this server only accepts uploads (STOR)"));
                return FtpletResult.SKIP;
            }
            return super.beforeCommand(session, request);
        }

        @Override
        public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply)
                throws FtpException, IOException {
            if ("STOR".equalsIgnoreCase(request.getCommand())) {
                view(session).ifPresent(SpoolFtpFiles::abandonUpload); // Published already when it went well.
            }
            return super.afterCommand(session, request, reply);
        }

        @Override
        public FtpletResult onLogin(FtpSession session, FtpRequest request) {
            Optional<SpoolFtpFiles> view = view(session);
            if (view.isEmpty()) {
                return FtpletResult.DISCONNECT;
            }
            view.get().peer(session.getClientAddress());
            Optional<SessionPlaces.Place> place =
                    endpoint.takePlace(session.getClientAddress(), view.get().log());
            if (place.isEmpty()) {
                return FtpletResult.DISCONNECT;
            }
            session.setAttribute(PLACE, place.get());
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult onDisconnect(FtpSession session) {
            view(session).ifPresent(SpoolFtpFiles::abandonUpload);
            if (session.getAttribute(PLACE) instanceof SessionPlaces.Place place) {
                session.removeAttribute(PLACE);
                place.close();
            }
            return FtpletResult.DEFAULT;
        }

        private static Optional<SpoolFtpFiles> view(FtpSession session) {
            return session.getFileSystemView() instanceof SpoolFtpFiles files ? Optional.of(files) : Optional.empty();
        }
    }

    /** FtpServer reports a STOR here only when the transfer and the stream's close went without error. */
    private static final class PublishOnCompletion extends DefaultFtpStatistics {
        @Override
        public synchronized void setUpload(FtpIoSession session, FtpFile file, long size) {
            super.setUpload(session, file, size);
            if (session.getFileSystemView() instanceof SpoolFtpFiles files) {
                try {
                    files.publishUpload();
                } catch (IOException e) {
                    // FtpServer answers 550 instead of 226.
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The one user; the password compared in constant time. */
    private static final class OneUser implements UserManager {
        private final BaseUser user = new BaseUser();
        private final byte[] password;

        OneUser(String name, String password) {
            user.setName(name);
            user.setHomeDirectory("/");
            user.setEnabled(true);
            user.setAuthorities(List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));
            user.setMaxIdleTime(0);
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public User authenticate(Authentication authentication) throws AuthenticationFailedException {
            if (authentication instanceof UsernamePasswordAuthentication login
                    && login.getPassword() != null
                    && MessageDigest.isEqual(password, login.getPassword().getBytes(StandardCharsets.UTF_8))
                    && user.getName().equals(login.getUsername())) {
                return user;
            }
            String who = authentication instanceof UsernamePasswordAuthentication login ? login.getUsername() : "?";
            ServerLog log = new ServerLog(
                    "ftp",
                    authentication instanceof UsernamePasswordAuthentication login && login.getUserMetadata() != null
                            ? login.getUserMetadata().getInetAddress() == null
                                    ? null
                                    : new java.net.InetSocketAddress(
                                            login.getUserMetadata().getInetAddress(), 0)
                            : null);
            log.important("Authentication refused for user '" + who + "'");
            throw new AuthenticationFailedException("Authentication failed");
        }

        @Override
        public User getUserByName(String name) {
            return user.getName().equals(name) ? user : null;
        }

        @Override
        public String[] getAllUserNames() {
            return new String[] {user.getName()};
        }

        @Override
        public void delete(String name) {}

        @Override
        public void save(User u) {}

        @Override
        public boolean doesExist(String name) {
            return user.getName().equals(name);
        }

        @Override
        public String getAdminName() {
            return user.getName();
        }

        @Override
        public boolean isAdmin(String name) {
            return false;
        }
    }

    private static SslConfiguration sslConfiguration(SSLContext context) {
        return new SslConfiguration() {
            @Override
            public SSLSocketFactory getSocketFactory() {
                return context.getSocketFactory();
            }

            @Override
            public SSLContext getSSLContext() {
                return context;
            }

            @Override
            public SSLContext getSSLContext(String protocol) {
                return context;
            }

            @Override
            public String[] getEnabledCipherSuites() {
                return null;
            }

            @Override
            public String getEnabledProtocol() {
                return null;
            }

            @Override
            public String[] getEnabledProtocols() {
                return new String[] {"TLSv1.2", "TLSv1.3"};
            }

            @Override
            public ClientAuth getClientAuth() {
                return ClientAuth.NONE;
            }
        };
    }
}
