package io.tentacle.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A drop's configuration files, which lie flat beside the data: Pandora's Unix agent with
 * {@code transfer_mode ssh} fetches {@code <server_path>/<name>} with {@code scp} whatever the file
 * (its conf, md5, collection zip, remote command), and uploads its own conf and md5 there too.
 */
final class DropFiles implements RemoteFiles {
    private final Drop.Session session;
    private final long maxListBytes;
    private final long maxSize;

    DropFiles(Drop.Session session, long maxListBytes, long maxSize) {
        this.session = session;
        this.maxListBytes = maxListBytes;
        this.maxSize = maxSize;
    }

    @Override
    public List<String> list(String suffix) throws IOException {
        return session.list(maxListBytes).stream()
                .map(Drop.Entry::name)
                .filter(n -> n.endsWith(suffix))
                .toList();
    }

    @Override
    public boolean fetch(String name, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            session.fetch(name, new DropPass.Bounded(out, maxSize));
            return true;
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(target);
            return false;
        } catch (DropPass.TooBig e) {
            Files.deleteIfExists(target);
            throw new Refused(name + " on the drop is larger than sync_max_size (" + maxSize + " bytes)");
        }
    }

    @Override
    public void put(Path file, String name) throws IOException {
        session.put(file, name);
    }

    @Override
    public boolean delete(String name) throws IOException {
        session.delete(name);
        return true;
    }

    @Override
    public boolean holds(String name) {
        return Drop.isConfiguration(name);
    }
}
