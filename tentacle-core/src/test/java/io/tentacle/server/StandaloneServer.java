package io.tentacle.server;

import io.tentacle.testing.ServerProcess;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The server of core's tests in a JVM of its own (see {@link ServerProcess}), for tests that kill it
 * or limit its heap. Arguments: the storage directory, then any of {@code --fsync}, {@code --insecure}
 * (LS and MV, a remote for the puller), {@code --max-size N}, {@code --max-sessions N}. Prints
 * {@code PORT n} once listening; stops when its standard input closes, or is killed.
 */
public final class StandaloneServer {
    private static final String READY = "PORT ";

    private StandaloneServer() {}

    /** Starts one with {@code options} in a 256 MB JVM and returns once it listens on {@link ServerProcess#port()}. */
    public static ServerProcess start(Path spool, String... options) {
        ServerProcess server = launch(spool, options).jvmOptions("-Xmx256m").start();
        server.awaitPort(READY);
        return server;
    }

    /** The launch, for a test that sets the JVM's options itself; {@code awaitPort("PORT ")} once started. */
    public static ServerProcess.Launch launch(Path spool, String... options) {
        return ServerProcess.java(StandaloneServer.class).args(spool.toString()).args(options);
    }

    public static void main(String[] args) throws Exception {
        ServerConfig.Builder config = ServerConfig.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .directory(Path.of(args[0]))
                .maxSessions(200);
        List<String> options = List.of(args).subList(1, args.length);
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--fsync" -> config.fsync(true);
                case "--insecure" -> config.insecure(true);
                case "--max-size" -> config.maxSize(Long.parseLong(options.get(++i)));
                case "--max-sessions" -> config.maxSessions(Integer.parseInt(options.get(++i)));
                default -> throw new IllegalArgumentException("unknown option " + options.get(i));
            }
        }
        try (TentacleServer server = TentacleServer.start(config.build())) {
            System.out.println(READY + server.port());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
