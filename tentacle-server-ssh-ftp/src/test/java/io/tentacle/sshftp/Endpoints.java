package io.tentacle.sshftp;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.StoredFileListener;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Tentacle server on loopback with its storage directory, for the SFTP and FTP endpoints to share. */
final class Endpoints implements AutoCloseable {
    final Path spool;
    final TentacleServer tentacle;
    final SpoolEndpoint endpoint;
    final List<StoredFileListener.StoredFile> stored = new CopyOnWriteArrayList<>();

    Endpoints(Path dir, long maxSize) throws IOException {
        this(dir, ServerConfig.builder().maxSize(maxSize));
    }

    Endpoints(Path dir, ServerConfig.Builder config) throws IOException {
        spool = Files.createDirectories(dir.resolve("spool"));
        tentacle = TentacleServer.start(config.address(InetAddress.getLoopbackAddress())
                .port(0)
                .directory(spool)
                .filters(Filters.parse(".*\\.conf:conf"))
                .listener(stored::add)
                .build());
        endpoint = new SpoolEndpoint(tentacle.config(), tentacle.spool(), tentacle.sessionPlaces());
    }

    /** Every regular file under the spool, relative, hidden temp files included. */
    List<String> files() throws IOException {
        while (true) {
            try (Stream<Path> walk = Files.walk(spool)) {
                return walk.filter(Files::isRegularFile)
                        .map(p -> spool.relativize(p).toString())
                        .sorted()
                        .toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
                // A temp file removed while the walk passed it: look again.
            }
        }
    }

    boolean hasTempFile() throws IOException {
        return files().stream()
                .anyMatch(f -> SpoolFiles.isTempName(Path.of(f).getFileName().toString()));
    }

    @Override
    public void close() {
        tentacle.close();
    }
}
