package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's side of a batch on an {@link EmbeddedChannel}: the real decoder, session and operation,
 * fed what our {@link BatchWriter} makes, whole, in fragments, cut and corrupted. A bad batch is a
 * clear protocol error, leaves no file in staging, and is followed by no line (so nothing is deleted).
 */
class BatchCodecTest {
    private static final byte[] A =
            "<agent_data name=\"a\"><module><name>cpu</name><data>7</data></module></agent_data>"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] B =
            "<agent_data name=\"b\"><module><name>mem</name><data>9</data></module></agent_data>"
                    .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path staging;

    private static byte[] batch(BatchCodec codec) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (BatchWriter writer = new BatchWriter(wire, codec)) {
            writer.entry(
                    "a.data", A.length, 1_700_000_000_000L, Channels.newChannel(new java.io.ByteArrayInputStream(A)));
            writer.entry(
                    "b.data", B.length, 1_700_000_001_000L, Channels.newChannel(new java.io.ByteArrayInputStream(B)));
            writer.finish();
        }
        return wire.toByteArray();
    }

    /** A client session on an embedded channel, with one batch asked for. */
    private final class Exchange {
        final EmbeddedChannel channel;
        final CompletableFuture<BatchResult> result;
        final int version;

        Exchange(BatchCodec codec, long maxSize) {
            this(BatchFormat.VERSION, codec, maxSize);
        }

        Exchange(int version, BatchCodec codec, long maxSize) {
            this.version = version;
            FrameDecoder decoder = FrameDecoder.forReplies(1024);
            ClientSession session = new ClientSession(decoder, Runnable::run, null);
            channel = new EmbeddedChannel(decoder, LineEncoder.INSTANCE, session);
            result = session.submit(
                    new BatchOperation(new BatchRequest(version, "", 10, 1 << 20, maxSize, codec, 0), staging));
            channel.runPendingTasks();
            ByteBuf request = channel.readOutbound();
            assertThat(request.toString(StandardCharsets.UTF_8)).startsWith("BATCH " + version + " <> FILES 10 ");
            request.release();
        }

        void feed(byte[] bytes, int from, int to) {
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, to)));
            channel.runPendingTasks();
        }

        void announce(byte[] payload, int files) {
            announce("BATCH SIZE " + payload.length + " FILES " + files + " DELETED 0"
                    + (version >= 2 ? " LARGER 0" : ""));
        }

        void announce(String reply) {
            byte[] line = (reply + "\n").getBytes(StandardCharsets.US_ASCII);
            feed(line, 0, line.length);
        }

        /** The batch failed with a protocol error, nothing is in staging, and the client said nothing more. */
        void assertRefusedCleanly(String what) throws IOException {
            channel.runPendingTasks();
            channel.close();
            channel.runPendingTasks();
            assertThat(result).as(what).isCompletedExceptionally();
            assertThat(staged()).as(what + ": nothing stored").isEmpty();
            assertThat((Object) channel.readOutbound())
                    .as(what + ": no confirm, no line")
                    .isNull();
        }
    }

    private List<String> staged() throws IOException {
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBatchFedOneByteAtATimeIsStoredWithItsTimes() throws Exception {
        for (BatchCodec codec : BatchCodec.values()) {
            byte[] payload = batch(codec);
            Exchange exchange = new Exchange(codec, 1000);
            exchange.announce(payload, 2);
            for (int i = 0; i < payload.length; i++) {
                assertThat(exchange.result).isNotDone();
                exchange.feed(payload, i, i + 1);
            }
            BatchResult result = exchange.result.get();
            assertThat(result.files()).extracting(BatchResult.StoredFile::name).containsExactly("a.data", "b.data");
            assertThat(staging.resolve("a.data")).hasBinaryContent(A);
            assertThat(staging.resolve("b.data")).hasBinaryContent(B);
            assertThat(Files.getLastModifiedTime(staging.resolve("b.data")).toMillis())
                    .isEqualTo(1_700_000_001_000L);
            assertThat(exchange.channel.finish()).isFalse();
            Files.delete(staging.resolve("a.data"));
            Files.delete(staging.resolve("b.data"));
        }
    }

    @Test
    void aBatchCutAtEveryBytePositionStoresNothing() throws Exception {
        for (BatchCodec codec : List.of(BatchCodec.DEFLATE, BatchCodec.ZSTD)) {
            byte[] payload = batch(codec);
            for (int cut = 0; cut < payload.length; cut++) {
                Exchange exchange = new Exchange(codec, 1000);
                exchange.announce(payload, 2);
                exchange.feed(payload, 0, cut);
                exchange.assertRefusedCleanly(codec + " cut at " + cut);
                assertThat(cause(exchange)).isInstanceOf(TentacleException.ConnectionLost.class);
            }
        }
    }

    @Test
    void aCorruptZstdStreamIsAProtocolErrorNamingIt() throws Exception {
        byte[] payload = batch(BatchCodec.ZSTD);
        payload[0] ^= 0x01; // The frame's magic number.
        Exchange exchange = new Exchange(BatchCodec.ZSTD, 1000);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("zstd magic flipped");
        assertThat(cause(exchange))
                .isInstanceOf(TentacleException.ProtocolViolation.class)
                .hasMessageContaining("corrupt compressed stream");
    }

    @Test
    void bytesAfterTheZstdFrameAreAProtocolError() throws Exception {
        byte[] frame = batch(BatchCodec.ZSTD);
        byte[] payload = Arrays.copyOf(frame, frame.length + 3);
        Exchange exchange = new Exchange(BatchCodec.ZSTD, 1000);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("bytes after the frame");
        assertThat(cause(exchange)).hasMessageContaining("bytes after the end of the compressed stream");
    }

    @Test
    void aZstdFrameAskingForAHugeWindowIsRefusedWithoutAllocatingIt() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (com.github.luben.zstd.ZstdOutputStreamNoFinalizer zstd =
                new com.github.luben.zstd.ZstdOutputStreamNoFinalizer(wire, 1)) {
            zstd.setWindowLog(27); // 128 MiB, announced in the frame header.
            zstd.write(new byte[3 << 20]);
        }
        byte[] payload = wire.toByteArray();
        Exchange exchange = new Exchange(BatchCodec.ZSTD, 1000);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("128 MiB window");
        assertThat(cause(exchange)).hasMessageContaining("corrupt compressed stream");
    }

    @Test
    void zstdIsAskedForOnlyWhenTheServerOffersIt() {
        assertThat(Extensions.of("extensions batch/1 zstd/1").codec(true)).isEqualTo(BatchCodec.ZSTD);
        assertThat(Extensions.of("extensions batch/1 zstd/1").codec(false)).isEqualTo(BatchCodec.NONE);
        assertThat(Extensions.of("extensions batch/1").codec(true)).isEqualTo(BatchCodec.DEFLATE);
        assertThat(Extensions.of("extensions zstd/1 batch/2")).isEqualTo(new Extensions(2, true));
        assertThat(Extensions.of("extensions batch/1")).isEqualTo(new Extensions(1, false));
        assertThat(Extensions.of("extensions batch/9 zstd/1"))
                .as("a newer server is spoken to in our highest version")
                .isEqualTo(new Extensions(BatchFormat.VERSION, true));
        assertThat(Extensions.of("file does not exist")).isEqualTo(Extensions.NONE);
    }

    @Test
    void aVersion1BatchIsReadAsBefore() throws Exception {
        byte[] payload = batch(BatchCodec.DEFLATE);
        Exchange exchange = new Exchange(1, BatchCodec.DEFLATE, 1000);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        assertThat(exchange.result.get().files()).hasSize(2);
        assertThat(exchange.result.get().larger()).isEqualTo(Reply.BatchSize.UNTOLD);
    }

    @Test
    void aVersion2ReplyTellsHowManyFilesWereTooLarge() throws Exception {
        Exchange exchange = new Exchange(2, BatchCodec.DEFLATE, 1000);
        exchange.announce("BATCH SIZE 0 FILES 0 DELETED 0 LARGER 3");
        assertThat(exchange.result.get().files()).isEmpty();
        assertThat(exchange.result.get().larger()).isEqualTo(3);
    }

    @Test
    void aReplyOfTheOtherVersionIsAProtocolError() throws Exception {
        Exchange withoutLarger = new Exchange(2, BatchCodec.DEFLATE, 1000);
        withoutLarger.announce("BATCH SIZE 0 FILES 0 DELETED 0");
        withoutLarger.assertRefusedCleanly("version 2 asked, version 1 answered");
        assertThat(cause(withoutLarger)).hasMessageContaining("not a reply of version 2");

        Exchange withLarger = new Exchange(1, BatchCodec.DEFLATE, 1000);
        withLarger.announce("BATCH SIZE 0 FILES 0 DELETED 0 LARGER 0");
        withLarger.assertRefusedCleanly("version 1 asked, version 2 answered");
        assertThat(cause(withLarger)).hasMessageContaining("not a reply of version 1");
    }

    @Test
    void aCopyPageWhoseNamesDoNotSortAfterTheCursorIsAProtocolErrorSoPagingEnds() throws Exception {
        byte[] payload = batch(BatchCodec.NONE); // a.data, b.data
        FrameDecoder decoder = FrameDecoder.forReplies(1024);
        ClientSession session = new ClientSession(decoder, Runnable::run, null);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, LineEncoder.INSTANCE, session);
        CompletableFuture<List<BatchResult.StoredFile>> result = session.submit(
                new CopyOperation(new CopyRequest("", "", 10, 1 << 20, 1000, BatchCodec.NONE, "a.data"), staging));
        channel.runPendingTasks();
        ((ByteBuf) channel.readOutbound()).release();
        byte[] line = ("COPY SIZE " + payload.length + " FILES 2\n").getBytes(StandardCharsets.US_ASCII);
        channel.writeInbound(Unpooled.wrappedBuffer(line), Unpooled.wrappedBuffer(payload));
        channel.runPendingTasks();

        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::get)
                .hasCauseInstanceOf(TentacleException.ProtocolViolation.class)
                .hasMessageContaining("'a.data' does not sort after 'a.data'");
        assertThat(staged()).as("nothing kept").isEmpty();
    }

    @Test
    void aBatchWhoseSizeEndsEarlyIsAProtocolError() throws Exception {
        byte[] payload = batch(BatchCodec.NONE);
        for (int cut = 1; cut < payload.length; cut++) {
            byte[] shorter = Arrays.copyOf(payload, cut);
            Exchange exchange = new Exchange(BatchCodec.NONE, 1000);
            exchange.announce(shorter, 2);
            exchange.feed(shorter, 0, shorter.length);
            exchange.assertRefusedCleanly("announced and sent " + cut);
            assertThat(cause(exchange))
                    .isInstanceOf(TentacleException.ProtocolViolation.class)
                    .hasMessageContaining("batch");
        }
    }

    @Test
    void everyCorruptedByteIsCaught() throws Exception {
        int intact = 0;
        for (BatchCodec codec : BatchCodec.values()) {
            byte[] payload = batch(codec);
            for (int i = 0; i < payload.length; i++) {
                byte[] corrupt = payload.clone();
                corrupt[i] ^= 0x20;
                Exchange exchange = new Exchange(codec, 1000);
                exchange.announce(corrupt, 2);
                exchange.feed(corrupt, 0, corrupt.length);
                if (codec == BatchCodec.ZSTD
                        && exchange.result.isDone()
                        && !exchange.result.isCompletedExceptionally()) {
                    // A few bits of a zstd block (table descriptions) may not change what it decodes to:
                    // then the entry and batch checksums pass because the content is intact.
                    assertThat(staging.resolve("a.data")).as("byte " + i).hasBinaryContent(A);
                    assertThat(staging.resolve("b.data")).as("byte " + i).hasBinaryContent(B);
                    Files.delete(staging.resolve("a.data"));
                    Files.delete(staging.resolve("b.data"));
                    intact++;
                    continue;
                }
                exchange.assertRefusedCleanly(codec + " byte " + i + " flipped");
                assertThat(cause(exchange))
                        .as(codec + " byte " + i)
                        .isInstanceOf(TentacleException.ProtocolViolation.class);
            }
        }
        assertThat(intact).as("zstd flips that decode the same").isLessThan(8);
    }

    @Test
    void aBadEntryChecksumNamesTheFile() throws Exception {
        byte[] payload = batch(BatchCodec.NONE);
        int crcOfA = 1 + 2 + "a.data".length() + 16 + A.length;
        payload[crcOfA] ^= 1;
        Exchange exchange = new Exchange(BatchCodec.NONE, 1000);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("bad checksum");
        assertThat(cause(exchange)).hasMessageContaining("'a.data' does not match its checksum");
    }

    @Test
    void anEntryOverTheSizeAskedForIsRefusedBeforeItIsWritten() throws Exception {
        byte[] payload = batch(BatchCodec.DEFLATE);
        Exchange exchange = new Exchange(BatchCodec.DEFLATE, A.length - 1);
        exchange.announce(payload, 2);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("oversized");
        assertThat(cause(exchange))
                .hasMessageContaining("'a.data' has " + A.length + " bytes, over the " + (A.length - 1));
    }

    @Test
    void moreFilesThanAnnouncedIsAProtocolError() throws Exception {
        byte[] payload = batch(BatchCodec.DEFLATE);
        Exchange exchange = new Exchange(BatchCodec.DEFLATE, 1000);
        exchange.announce(payload, 1);
        exchange.feed(payload, 0, payload.length);
        exchange.assertRefusedCleanly("two files in a batch of one");
        assertThat(cause(exchange)).hasMessageContaining("more than the 1 entries");
    }

    private static Throwable cause(Exchange exchange) {
        try {
            exchange.result.get();
            throw new AssertionError("the batch did not fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
