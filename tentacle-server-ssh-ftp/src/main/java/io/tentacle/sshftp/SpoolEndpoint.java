package io.tentacle.sshftp;

import io.tentacle.internal.storage.Spool;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.ServerLog;
import io.tentacle.server.SessionPlaces;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SFTP, SCP and FTP endpoints share with the Tentacle server they run beside: its settings
 * (-m, -o, --fsync, the stored-file listener), its storage directory and its session places.
 */
public final class SpoolEndpoint {
    private final ServerConfig config;
    private final Spool spool;
    private final SessionPlaces places;
    private final StorageAliases aliases;

    public SpoolEndpoint(ServerConfig config, Spool spool, SessionPlaces places) {
        this.config = Objects.requireNonNull(config);
        this.spool = Objects.requireNonNull(spool, "SFTP and FTP need a storage directory");
        this.places = Objects.requireNonNull(places);
        this.aliases = new StorageAliases(spool.root());
    }

    ServerConfig config() {
        return config;
    }

    Spool spool() {
        return spool;
    }

    StorageAliases aliases() {
        return aliases;
    }

    /** A session place for a client, waited for as a Tentacle client waits; empty (and logged) when none came. */
    Optional<SessionPlaces.Place> takePlace(SocketAddress remote, ServerLog log) {
        InetAddress address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress()
                : InetAddress.getLoopbackAddress();
        try {
            Optional<SessionPlaces.Place> place = places.take(address);
            if (place.isEmpty()) {
                log.important("Connection refused: no session place came free (" + places.describe(address)
                        + "); the client may try again later");
            }
            return place;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
