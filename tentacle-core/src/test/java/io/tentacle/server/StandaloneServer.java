package io.tentacle.server;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * A server in a JVM of its own, for tests that limit its heap. Arguments: the storage directory and
 * the size limit. Prints {@code PORT n} once listening and stops when its standard input closes.
 */
public final class StandaloneServer {
    private StandaloneServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.builder().address(InetAddress.getLoopbackAddress()).port(0)
            .directory(Path.of(args[0])).maxSize(Long.parseLong(args[1])).build();
        try (TentacleServer server = TentacleServer.start(config)) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
