package io.tentacle.sync;

import io.tentacle.client.BatchResult;
import io.tentacle.client.CopyRequest;
import io.tentacle.client.PutRequest;
import io.tentacle.client.PutResult;
import io.tentacle.client.ServerKind;
import io.tentacle.client.TentacleException;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.ErrReasons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Tentacle remote's files, over a {@link ReconnectingConnection}: LS, RECV, SEND and, on our server only,
 * DEL, and COPY and PUT where the remote speaks batch version 2.
 */
final class TentacleRemoteFiles implements RemoteFiles {
    /** A page of a copy: a thousand md5 files are about 40 KB of stream before compression. */
    private static final long COPY_PAGE_BYTES = 1 << 20;
    /** A PUT's content: files larger than this go by SEND. */
    private static final long PUT_BYTES = 8L << 20;

    private static final String TOO_BIG = "the remote refuses files over its size limit, its -m option ("
            + MasterCheck.DEFAULT_REMOTE_MAX_SIZE + " bytes unless set); raise it on the remote";
    private static final String EXISTS = "the remote keeps its copy; run its server with -o (overwrite)";

    private final ReconnectingConnection connection;
    private final int batchVersion;
    private final BatchCodec codec;
    private ServerKind serverKind;

    /** A remote that was not asked for its extensions, or speaks none: no COPY. */
    TentacleRemoteFiles(ReconnectingConnection connection) {
        this(connection, 0, BatchCodec.NONE);
    }

    /** {@code batchVersion} and {@code codec}: as the extensions probe found the remote. */
    TentacleRemoteFiles(ReconnectingConnection connection, int batchVersion, BatchCodec codec) {
        this.connection = connection;
        this.batchVersion = batchVersion;
        this.codec = codec;
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

    /** COPY page by page, each after the last name of the one before, until a page comes back empty. */
    @Override
    public boolean copyAll(String suffix, long maxSize, Path target) throws TentacleException, Refused {
        if (batchVersion < BatchFormat.COPY_SINCE) {
            return false;
        }
        CopyRequest page =
                new CopyRequest("x" + suffix, suffix, BatchFormat.MAX_FILES, COPY_PAGE_BYTES, maxSize, codec, "");
        while (true) {
            CopyRequest asked = page;
            List<BatchResult.StoredFile> copied;
            try {
                copied = connection.run(
                        "COPY " + asked.filter() + " after <" + asked.after() + ">", c -> c.copy(asked, target));
            } catch (TentacleException.Refused e) {
                throw new Refused(e.getMessage());
            }
            if (copied.isEmpty()) {
                return true;
            }
            page = page.after(copied.get(copied.size() - 1).name());
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
            throw new Refused(TOO_BIG);
        } catch (TentacleException.FileExists e) {
            throw new Refused(EXISTS);
        } catch (TentacleException.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    /**
     * PUT page by page (at most a thousand files, {@link #PUT_BYTES} of content); a file the remote does
     * not store ends its page, and the files after it follow in the next. Larger files go by SEND.
     */
    @Override
    public Optional<List<String>> putAll(List<Put> puts, Path scratch) throws IOException {
        if (batchVersion < BatchFormat.PUT_SINCE) {
            return Optional.empty();
        }
        List<String> outcomes = new ArrayList<>();
        int next = 0;
        while (next < puts.size()) {
            Put first = puts.get(next);
            if (first.size() > PUT_BYTES) {
                outcomes.add(refusalOf(() -> put(first.file(), first.name())));
                next++;
                continue;
            }
            List<PutRequest.Entry> page = page(puts, next);
            PutResult result;
            try {
                result = connection.run(
                        "PUT of " + page.size() + " file(s)", c -> c.put(new PutRequest(page, codec, scratch)));
            } catch (TentacleException.Refused e) {
                throw new Refused(e.getMessage());
            }
            for (int i = 0; i < result.stored(); i++) {
                outcomes.add(null);
            }
            next += result.stored();
            if (result.stored() < page.size()) {
                outcomes.add(
                        switch (result.reason()) {
                            case ErrReasons.TOO_BIG -> TOO_BIG;
                            case ErrReasons.EXISTS -> EXISTS;
                            default -> "the remote answered: " + result.reason();
                        });
                next++;
            }
        }
        return Optional.of(outcomes);
    }

    /** The files from {@code from} on that one PUT takes. */
    private static List<PutRequest.Entry> page(List<Put> puts, int from) {
        List<PutRequest.Entry> page = new ArrayList<>();
        long bytes = 0;
        for (int i = from; i < puts.size() && page.size() < BatchFormat.MAX_FILES; i++) {
            long size = puts.get(i).size();
            if (size > PUT_BYTES || (!page.isEmpty() && bytes + size > PUT_BYTES)) {
                break;
            }
            page.add(new PutRequest.Entry(puts.get(i).file(), puts.get(i).name()));
            bytes += size;
        }
        return page;
    }

    private interface Attempt {
        void run() throws IOException;
    }

    private static String refusalOf(Attempt attempt) throws IOException {
        try {
            attempt.run();
            return null;
        } catch (Refused e) {
            return e.getMessage();
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
