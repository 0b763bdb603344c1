package io.tentacle.faults;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Tentacle server in a JVM of its own, for tests that kill it with SIGKILL. Started on the test
 * class path with {@code spool portFile fsync [insecure]}; it writes its port to {@code portFile} once it
 * listens, and runs until killed.
 */
public final class ServerProcess {
    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path spool = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        boolean fsync = Boolean.parseBoolean(args[2]);
        boolean insecure = args.length > 3 && Boolean.parseBoolean(args[3]);
        TentacleServer server = TentacleServer.start(ServerConfig.builder().directory(spool).port(0)
            .address(InetAddress.getLoopbackAddress()).fsync(fsync).insecure(insecure).maxSessions(200).build());
        Path temp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(temp, Integer.toString(server.port()), StandardCharsets.US_ASCII);
        Files.move(temp, portFile, StandardCopyOption.ATOMIC_MOVE);
        server.awaitClose();
    }

    /** Starts the server; {@link Handle#port()} waits for it to listen. */
    public static Handle start(Path spool, Path work, boolean fsync) throws IOException {
        return start(spool, work, fsync, false);
    }

    /** Starts the server, serving LS and MV when {@code insecure} (a remote for the puller). */
    public static Handle start(Path spool, Path work, boolean fsync, boolean insecure) throws IOException {
        Path portFile = work.resolve("port-" + System.nanoTime());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerProcess.class.getName());
        command.add(spool.toString());
        command.add(portFile.toString());
        command.add(Boolean.toString(fsync));
        command.add(Boolean.toString(insecure));
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("server-" + System.nanoTime() + ".log").toFile())
            .start();
        return new Handle(process, portFile);
    }

    /** A running server process. */
    public static final class Handle implements AutoCloseable {
        private final Process process;
        private final Path portFile;

        Handle(Process process, Path portFile) {
            this.process = process;
            this.portFile = portFile;
        }

        public int port() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile)) {
                if (!process.isAlive()) {
                    throw new IOException("the server process ended with " + process.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server process did not start listening within 30 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            return Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
        }

        /** SIGKILL: no shutdown hook, no clean-up, no flush. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
