package io.tentacle.bench;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Scenario 9, one large collection through far links (issue 15): a file collection of {@code
 * -Dtentacle.bench.collectionMb} MB (default 100; random bytes, as a zip's are) new on the central is
 * pushed to a remote of ours by the real puller in one pass, beside the link's limit (its bytes at the
 * link's rate plus four round trips: connect and probe, its SEND and go-ahead, its md5). A file this
 * size goes by SEND, streamed from disk: the figure to watch is the fraction of the link it uses, and the
 * server's memory, which must not grow with the file.
 */
final class CollectionScenario {
    private static final String FILTERS = ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections";

    private CollectionScenario() {}

    static void run(Run run) throws Exception {
        int megabytes =
                Integer.getInteger("tentacle.bench.collectionMb", run.settings().quick() ? 10 : 100);
        long bytes = megabytes * 1_000_000L;
        for (SlowLinkScenario.Link link : SlowLinkScenario.selectedLinks()) {
            if (link.bitsPerSecond() == 0) {
                continue;
            }
            Path spool = run.freshDirectory("collection-remote");
            Path incoming = run.freshDirectory("collection-incoming");
            String md5 = collection(incoming, bytes);
            ServerUnderTest.Spec spec =
                    new ServerUnderTest.Spec(spool, 2 * bytes, 100, null, null, FILTERS, BatchFormat.VERSION);
            double seconds;
            long rss;
            try (ServerUnderTest server = ServerUnderTest.start(ServerUnderTest.Kind.OURS, spec, run.settings(), true);
                    DelayProxy proxy = new DelayProxy(server.port(), link.rttMillis() / 2, link.bitsPerSecond())) {
                SyncConfig config = SyncConfig.builder(incoming)
                        .remote(new Remote("127.0.0.1", proxy.port()))
                        .maxQueueFiles(0)
                        .build();
                long start = System.nanoTime();
                PassReport pass = new SyncEngine(config, SyncListener.NONE).runPass();
                seconds = (System.nanoTime() - start) / 1e9;
                rss = server.peakRss();
                RemoteReport remote = pass.remotes().get(0);
                System.out.println("    collection of " + megabytes + " MB, " + link.label() + ": " + remote.summary());
                if (!pass.ok()
                        || !Files.readString(spool.resolve("md5/big.md5")).equals(md5)) {
                    throw new IllegalStateException("the collection did not arrive: " + pass.toJson());
                }
            }
            double limit = bytes * 8.0 / link.bitsPerSecond() + 4 * link.rttMillis() / 1000.0;
            run.results()
                    .add(new Results.Row(
                            "9 push a " + megabytes + " MB collection through " + link.label(),
                            "seconds for the pass; server peak RSS",
                            Results.num(seconds) + " s; " + rss / 1_000_000 + " MB",
                            "-",
                            "-",
                            "link limit " + Results.num(limit) + " s (" + Results.num(limit / seconds * 100)
                                    + "% of it)",
                            "-",
                            "-",
                            run.load()));
        }
    }

    /** The collection and its md5 on the central, as the console writes them; returns the md5. */
    private static String collection(Path incoming, long bytes) throws IOException, NoSuchAlgorithmException {
        Files.createDirectories(incoming.resolve("collections"));
        Files.createDirectories(incoming.resolve("md5"));
        MessageDigest digest = MessageDigest.getInstance("MD5");
        Random random = new Random(15);
        byte[] block = new byte[1 << 20];
        try (OutputStream out =
                new DigestOutputStream(Files.newOutputStream(incoming.resolve("collections/big.zip")), digest)) {
            for (long left = bytes; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        String md5 = String.format("%032x", new BigInteger(1, digest.digest()));
        Files.writeString(incoming.resolve("md5/big.md5"), md5);
        return md5;
    }
}
