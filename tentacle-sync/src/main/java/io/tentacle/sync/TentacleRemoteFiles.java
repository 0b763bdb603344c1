package io.tentacle.sync;

import io.tentacle.client.ServerKind;
import io.tentacle.client.TentacleException;
import java.nio.file.Path;
import java.util.List;

/** A Tentacle remote's files, over a {@link ReconnectingConnection}: LS, RECV, SEND and, on our server only, DEL. */
final class TentacleRemoteFiles implements RemoteFiles {
    private final ReconnectingConnection connection;
    private ServerKind serverKind;

    TentacleRemoteFiles(ReconnectingConnection connection) {
        this.connection = connection;
    }

    /** {@code LS x<suffix>} lists the directory the remote's filters route such names to. */
    @Override
    public List<String> list(String suffix) throws TentacleException {
        try {
            return connection.run("LS", c -> c.list("x" + suffix));
        } catch (TentacleException.Refused e) {
            return List.of(); // LS ERR: the directory does not exist on the remote, nothing there yet.
        }
    }

    @Override
    public boolean fetch(String name, Path target) throws TentacleException, Refused {
        try {
            connection.run("RECV " + name, c -> c.recv(name, target));
            return true;
        } catch (TentacleException.NoSuchFile e) {
            return false;
        } catch (TentacleException.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    @Override
    public void put(Path file, String name) throws TentacleException, Refused {
        try {
            connection.run("SEND " + name, c -> {
                c.send(file, name);
                return null;
            });
        } catch (TentacleException.FileTooBig e) {
            throw new Refused("the remote refuses files over its size limit, its -m option ("
                    + MasterCheck.DEFAULT_REMOTE_MAX_SIZE + " bytes unless set); raise it on the remote");
        } catch (TentacleException.FileExists e) {
            throw new Refused("the remote keeps its copy; run its server with -o (overwrite)");
        } catch (TentacleException.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    @Override
    public boolean delete(String name) throws TentacleException {
        if (serverKind == null) {
            serverKind = connection.run("RECV <> (probe)", c -> c.probeServerKind());
        }
        if (serverKind != ServerKind.OURS) {
            return false; // The reference closes the connection on DEL.
        }
        try {
            connection.run("DEL " + name, c -> {
                c.delete(name);
                return null;
            });
        } catch (TentacleException.Refused e) {
            // DEL ERR: not there (any more).
        }
        return true;
    }
}
