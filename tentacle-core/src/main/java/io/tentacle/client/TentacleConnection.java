package io.tentacle.client;

import io.netty.channel.Channel;
import io.tentacle.Failures;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.internal.storage.UnstorableNameException;
import io.tentacle.internal.storage.ZipFiles;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * An open session with a Tentacle server. Operations run one after another in the order they were
 * called; the {@code ...Async} methods return at once, the others wait. A refusal (ERR) fails only
 * that operation; a broken connection fails it and everything queued behind it.
 */
public final class TentacleConnection implements AutoCloseable {
    private final Channel channel;
    private final ClientSession session;
    private final ClientConfig config;
    private final Executor blocking;

    TentacleConnection(Channel channel, ClientSession session, ClientConfig config, Executor blocking) {
        this.channel = channel;
        this.session = session;
        this.config = config;
        this.blocking = blocking;
    }

    /** Runs an operation of this package on the connection, after those already queued. */
    <T> CompletableFuture<T> submit(Operation<T> operation) {
        return session.submit(operation);
    }

    /** Uploads {@code file} under its own name. */
    public CompletableFuture<Void> sendAsync(Path file) {
        String name;
        try {
            name = FileNames.nameOf(file);
        } catch (UnstorableNameException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sendAsync(file, name);
    }

    public CompletableFuture<Void> sendAsync(Path file, String remoteName) {
        if (!FileNames.isWireName(remoteName)) {
            return notAWireName(remoteName);
        }
        try {
            return session.submit(new SendOperation(Command.SEND, file, remoteName));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Uploads {@code file} deflated in a one-entry zip archive; the server stores it inflated. */
    public CompletableFuture<Void> zsendAsync(Path file) {
        String name;
        try {
            name = FileNames.nameOf(file);
        } catch (UnstorableNameException e) {
            return CompletableFuture.failedFuture(e);
        }
        return zsendAsync(file, name);
    }

    public CompletableFuture<Void> zsendAsync(Path file, String remoteName) {
        if (!FileNames.isWireName(remoteName)) {
            return notAWireName(remoteName);
        }
        return CompletableFuture.supplyAsync(() -> zipToTemp(file, remoteName), blocking)
                .thenCompose(zip -> {
                    try {
                        return session.submit(new SendOperation(Command.ZSEND, zip, remoteName))
                                .whenComplete((ok, e) -> SpoolFiles.deleteQuietly(zip));
                    } catch (IOException e) {
                        SpoolFiles.deleteQuietly(zip);
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    /** Downloads {@code name} to {@code destination} (a file path); completes with its size. */
    public CompletableFuture<Long> recvAsync(String name, Path destination) {
        if (!FileNames.isWireName(name)) {
            return notAWireName(name);
        }
        return session.submit(new FetchOperation(Command.RECV, name, destination, config));
    }

    /** Downloads {@code name} compressed and stores it inflated at {@code destination}. */
    public CompletableFuture<Long> zrecvAsync(String name, Path destination) {
        if (!FileNames.isWireName(name)) {
            return notAWireName(name);
        }
        return session.submit(new FetchOperation(Command.ZRECV, name, destination, config));
    }

    /**
     * Downloads {@code name} and has the server delete it. Our server deletes only when this
     * connection's next command (or QUIT) arrives, that is after the file is stored here; the
     * reference server deletes as soon as it has written the bytes.
     */
    public CompletableFuture<Long> moveAsync(String name, Path destination) {
        if (!FileNames.isWireName(name)) {
            return notAWireName(name);
        }
        return session.submit(new FetchOperation(Command.MV, name, destination, config));
    }

    /** Names in the directory the server's filters route {@code filter} to ("" for its root). */
    public CompletableFuture<Listing> listAsync(String filter) {
        if (!FileNames.isWireName(filter)) {
            return notAWireName(filter);
        }
        return session.submit(new ListOperation(filter, config.maxListBytes(), config.maxListBytes()));
    }

    /**
     * Lists without keeping a name: one answered round trip whose memory does not grow with the
     * listing, e.g. the line that lets our server delete the last moved file. Completes with how many
     * names there were.
     */
    public CompletableFuture<Long> countListedAsync(String filter) {
        if (!FileNames.isWireName(filter)) {
            return notAWireName(filter);
        }
        return session.submit(new ListOperation(filter, config.maxListBytes(), 0))
                .thenApply(Listing::leftOut);
    }

    /**
     * Finds out whether the server is ours or the reference (or another), with one harmless round trip
     * that leaves the session usable; see {@link ServerKind}. Use it to decide how hard a server may be
     * pressed (how many connections) or whether an extension such as DEL may be sent.
     */
    public CompletableFuture<ServerKind> probeServerKindAsync() {
        return session.submit(new ProbeOperation());
    }

    /**
     * Which batch version the server speaks, 0 for none (the reference, older servers of ours, ours
     * outside insecure mode): one harmless round trip that leaves the session usable.
     */
    public CompletableFuture<Integer> batchVersionAsync() {
        return extensionsAsync().thenApply(Extensions::batchVersion);
    }

    /** The extensions the server speaks (batch version, zstd), with the same round trip as {@link #batchVersionAsync()}. */
    public CompletableFuture<Extensions> extensionsAsync() {
        return session.submit(new ExtensionsOperation());
    }

    public Extensions extensions() throws TentacleException {
        return await(extensionsAsync());
    }

    /**
     * Asks for a batch and stores its files, flushed, in {@code staging} (docs/PROTOCOL-NOTES.md,
     * Batches). Only for a server whose {@link #batchVersionAsync()} was at least 1. A bad batch
     * fails the connection with nothing kept and nothing confirmed.
     */
    public CompletableFuture<BatchResult> batchAsync(BatchRequest request, Path staging) {
        return session.submit(new BatchOperation(request, staging));
    }

    public int batchVersion() throws TentacleException {
        return await(batchVersionAsync());
    }

    public BatchResult batch(BatchRequest request, Path staging) throws TentacleException {
        return await(batchAsync(request, staging));
    }

    /**
     * Copies one page of a directory's files, the first after {@code request.after()} in name order,
     * into {@code target}, leaving them on the server (COPY, batch version 2: only for a server whose
     * {@link #batchVersionAsync()} was at least 2). An empty list: no name is left after the cursor.
     * A bad page fails the connection with nothing kept.
     */
    public CompletableFuture<List<BatchResult.StoredFile>> copyAsync(CopyRequest request, Path target) {
        return session.submit(new CopyOperation(request, target));
    }

    public List<BatchResult.StoredFile> copy(CopyRequest request, Path target) throws TentacleException {
        return await(copyAsync(request, target));
    }

    /**
     * Sends many files in one round trip (PUT, batch version 2: only for a server whose {@link
     * #batchVersionAsync()} was at least 2), each stored as a SEND of its name would be, in order, until
     * the first the server cannot store; the result says how many it stored and why not the next. The
     * payload is prepared in the calling thread. A refused PUT ends the session.
     */
    public CompletableFuture<PutResult> putAsync(PutRequest request) {
        for (PutRequest.Entry entry : request.files()) {
            if (!FileNames.isWireName(entry.name())) {
                return notAWireName(entry.name());
            }
        }
        PutOperation put;
        try {
            put = new PutOperation(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e); // A local file could not be read: as with SEND.
        }
        try {
            return session.submit(put);
        } catch (RuntimeException e) {
            put.abandon();
            throw e;
        }
    }

    public PutResult put(PutRequest request) throws TentacleException {
        return await(putAsync(request));
    }

    /** Deletes a file (DEL, our extension: only for servers known to be ours, in insecure mode). */
    public CompletableFuture<Void> deleteAsync(String name) {
        if (!FileNames.isWireName(name)) {
            return notAWireName(name);
        }
        return session.submit(new SimpleOperation(new Request.Del(name), Command.DEL));
    }

    /**
     * Names here are wire names: one char per byte, as read from a listing or made by
     * {@link FileNames#fromText} (UTF-8) from a text; a char past 0xFF is no byte.
     */
    private static <T> CompletableFuture<T> notAWireName(String name) {
        return CompletableFuture.failedFuture(
                new IllegalArgumentException("'" + name + "' is not a wire name (one char per byte):"
                        + " pass FileNames.fromText(name) to send a text name as UTF-8"));
    }

    public void send(Path file) throws TentacleException {
        await(sendAsync(file));
    }

    public void send(Path file, String remoteName) throws TentacleException {
        await(sendAsync(file, remoteName));
    }

    public void zsend(Path file) throws TentacleException {
        await(zsendAsync(file));
    }

    public long recv(String name, Path destination) throws TentacleException {
        return await(recvAsync(name, destination));
    }

    public long zrecv(String name, Path destination) throws TentacleException {
        return await(zrecvAsync(name, destination));
    }

    public long move(String name, Path destination) throws TentacleException {
        return await(moveAsync(name, destination));
    }

    public Listing list(String filter) throws TentacleException {
        return await(listAsync(filter));
    }

    public long countListed(String filter) throws TentacleException {
        return await(countListedAsync(filter));
    }

    public ServerKind probeServerKind() throws TentacleException {
        return await(probeServerKindAsync());
    }

    public void delete(String name) throws TentacleException {
        await(deleteAsync(name));
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes when the connection is closed, by us or by the server. */
    public CompletableFuture<Void> closeFuture() {
        return session.closeFuture();
    }

    /** Finishes the queued operations, says QUIT and closes. */
    public CompletableFuture<Void> quitAsync() {
        return session.quit();
    }

    @Override
    public void close() throws TentacleException {
        await(quitAsync());
    }

    private Path zipToTemp(Path file, String entryName) {
        try {
            Path zip = Files.createTempFile("tentacle-", ".zip");
            try {
                ZipFiles.zipFile(file, entryName, zip);
                return zip;
            } catch (IOException e) {
                SpoolFiles.deleteQuietly(zip);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for an operation and rethrows its failure as the {@link TentacleException} it is. */
    static <T> T await(CompletableFuture<T> future) throws TentacleException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TentacleException("interrupted while waiting for the server", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    static TentacleException unwrap(Throwable cause) {
        Throwable t = Failures.unwrap(cause);
        if (t instanceof TentacleException tentacle) {
            return tentacle;
        }
        return new TentacleException(Failures.describe(t), t);
    }
}
