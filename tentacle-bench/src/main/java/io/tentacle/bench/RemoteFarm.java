package io.tentacle.bench;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.ServerThreads;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Many sites in one process: a server of ours per port, each with its own spool holding the files
 * the puller is to drain, all on one set of threads. Prints {@code READY <ports file>}, serves until
 * its standard input closes. Each server holds about two descriptors (its listening socket, its spool),
 * so a farm takes at most {@link #MAX_REMOTES}. Usage: {@code RemoteFarm DIR REMOTES FILES FIRST}, sites
 * numbered from {@code FIRST} so that several farms' file names differ.
 */
final class RemoteFarm {
    /** Two descriptors per server, within this machine's limit of 20,000 per process. */
    static final int MAX_REMOTES = 4000;

    private RemoteFarm() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int remotes = Integer.parseInt(args[1]);
        int files = Integer.parseInt(args[2]);
        int first = Integer.parseInt(args[3]);
        byte[] data = new byte[Settings.FILE_SIZE];
        java.util.Arrays.fill(data, (byte) 'x');
        List<TentacleServer> servers = new ArrayList<>();
        try (ServerThreads threads = new ServerThreads()) {
            for (int r = first; r < first + remotes; r++) {
                Path spool = Files.createDirectories(dir.resolve("site-" + r));
                for (int f = 0; f < files; f++) {
                    Files.write(spool.resolve("agent-" + r + "." + f + ".data"), data);
                }
                // Insecure, as the bench's other servers: batches are spoken only then.
                servers.add(TentacleServer.start(
                        ServerConfig.builder()
                                .address(InetAddress.getLoopbackAddress())
                                .port(0)
                                .directory(spool)
                                .insecure(true)
                                .build(),
                        threads));
            }
            Path ports = dir.resolve("ports");
            Files.writeString(
                    ports, servers.stream().map(s -> Integer.toString(s.port())).collect(Collectors.joining("\n")));
            System.out.println("READY " + ports);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serve until the bench closes our input.
            }
            servers.forEach(TentacleServer::close);
        }
    }
}
