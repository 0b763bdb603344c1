package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private FrameDecoder decoder = FrameDecoder.forRequests(1024);
    private EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void nothingLeftOver() {
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void everyRequestDecodes() {
        for (Request request : LinesTest.EVERY_REQUEST) {
            write(request.toLine() + "\n");
            assertThat((Object) channel.readInbound()).isEqualTo(request);
            decoder.expectLine();
        }
    }

    @Test
    void everyReplyDecodes() {
        decoder = FrameDecoder.forReplies(1024);
        channel = new EmbeddedChannel(decoder);
        for (Reply reply : LinesTest.EVERY_REPLY) {
            write(reply.toLine() + "\n");
            assertThat((Object) channel.readInbound()).isEqualTo(reply);
            decoder.expectLine();
        }
    }

    @Test
    void aLineArrivingByteByByteIsDecodedOnceComplete() {
        byte[] line = "SEND <a.data> SIZE 12\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < line.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(line, i, 1));
            assertThat((Object) channel.readInbound()).as("after byte %d", i).isNull();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(line, line.length - 1, 1));
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Send("a.data", 12));
    }

    @Test
    void latin1BytesInANameArriveByteForByte() {
        channel.writeInbound(
                Unpooled.wrappedBuffer("SEND <Caf\u00e9.12345.data> SIZE 3\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Send("Caf\u00e9.12345.data", 3));
    }

    @Test
    void aLineSplitAcrossReadsAnywhere() {
        String line = "RECV <ñandú.data>\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, split)));
            assertThat((Object) channel.readInbound()).isNull();
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, split, bytes.length)));
            // The name's UTF-8 bytes, one char each (a wire name): nothing is decoded, nothing lost.
            assertThat((Object) channel.readInbound())
                    .as("split at %d", split)
                    .isEqualTo(new Request.Recv(io.tentacle.internal.storage.FileNames.fromText("ñandú.data")));
            decoder.expectLine();
        }
    }

    @Test
    void nothingIsDecodedAfterALineUntilTheSessionAsks() {
        write("QUIT\nRECV <a>\n");
        assertThat((Object) channel.readInbound()).isEqualTo(Request.Quit.INSTANCE);
        assertThat((Object) channel.readInbound()).isNull();
        write("LS <>\n");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(decoder.hasUnreadInput()).isTrue();

        decoder.expectLine();
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Recv("a"));
        assertThat((Object) channel.readInbound()).isNull();
        decoder.expectLine();
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Ls(""));
        assertThat(decoder.hasUnreadInput()).isFalse();
    }

    @Test
    void commandAndPayloadInOneBuffer() {
        write("SEND <a.data> SIZE 12\nhello world!QUIT\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Send("a.data", 12));
        assertThat((Object) channel.readInbound()).isNull();

        decoder.expectPayload(12);
        PayloadChunk chunk = channel.readInbound();
        try {
            assertThat(chunk.isLast()).isTrue();
            assertThat(chunk.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello world!");
        } finally {
            chunk.release();
        }
        assertThat((Object) channel.readInbound()).isNull();

        decoder.expectLine();
        assertThat((Object) channel.readInbound()).isEqualTo(Request.Quit.INSTANCE);
    }

    @Test
    void aPayloadArrivingByteByByteSumsToTheAnnouncedSize() {
        write("SEND <a.data> SIZE 5\n");
        channel.readInbound();
        decoder.expectPayload(5);
        byte[] payload = "abcde".getBytes(StandardCharsets.US_ASCII);
        StringBuilder received = new StringBuilder();
        for (int i = 0; i < payload.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(payload, i, 1));
            PayloadChunk chunk = channel.readInbound();
            received.append(chunk.content().toString(StandardCharsets.US_ASCII));
            assertThat(chunk.isLast()).isEqualTo(i == payload.length - 1);
            chunk.release();
        }
        assertThat(received).hasToString("abcde");
    }

    @Test
    void largePayloadsComeInBoundedChunksThatSumToTheSize() {
        // Reads larger than a chunk, as a server read of 1 MiB plus what waited in the cumulation.
        int size = 3_000_000;
        int read = FrameDecoder.MAX_CHUNK + 70_000;
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        decoder.expectPayload(size);
        long total = 0;
        int chunks = 0;
        for (int offset = 0; offset < size; offset += read) {
            channel.writeInbound(Unpooled.wrappedBuffer(payload, offset, Math.min(read, size - offset)));
            PayloadChunk chunk;
            while ((chunk = channel.readInbound()) != null) {
                assertThat(chunk.content().readableBytes()).isBetween(1, FrameDecoder.MAX_CHUNK);
                total += chunk.content().readableBytes();
                chunks++;
                assertThat(chunk.isLast()).isEqualTo(total == size);
                chunk.release();
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(chunks).isGreaterThan(3);
    }

    @Test
    void bytesAfterThePayloadWaitForTheSession() {
        decoder.expectPayload(3);
        write("abcQUIT\n");
        PayloadChunk chunk = channel.readInbound();
        assertThat(chunk.isLast()).isTrue();
        assertThat(chunk.content().readableBytes()).isEqualTo(3);
        chunk.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(decoder.hasUnreadInput()).isTrue();
        decoder.expectLine();
        assertThat((Object) channel.readInbound()).isEqualTo(Request.Quit.INSTANCE);
    }

    @Test
    void aPayloadLooksLikeCommandsButIsNotParsed() {
        decoder.expectPayload(5);
        write("QUIT\n");
        PayloadChunk chunk = channel.readInbound();
        assertThat(chunk.content().toString(StandardCharsets.US_ASCII)).isEqualTo("QUIT\n");
        chunk.release();
    }

    @Test
    void aPayloadHasAtLeastOneByte() {
        assertThatThrownBy(() -> decoder.expectPayload(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineUpToTheBlockSizeIsAccepted() {
        String name = "n".repeat(1024 - "RECV <>\n".length());
        write("RECV <" + name + ">\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Recv(name));
    }

    @Test
    void aLineLongerThanTheBlockSizeIsAProtocolError() {
        String line = "RECV <" + "n".repeat(1024) + ">\n";
        assertThatThrownBy(() -> write(line))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1024");
        assertThat((Object) channel.readInbound()).isNull();
        // Whatever follows is dropped: the session closes the connection.
        write("QUIT\n");
        decoder.expectLine();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void anEndlessLineFailsAsSoonAsItPassesTheBlockSize() {
        byte[] block = new byte[100];
        Arrays.fill(block, (byte) 'a');
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 11; i++) {
                        channel.writeInbound(Unpooled.wrappedBuffer(block));
                    }
                })
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aPeerThatFloodsWithoutWaitingIsAProtocolError() {
        write("SEND <a> SIZE 3\n");
        channel.readInbound();
        byte[] flood = new byte[64 * 1024];
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 5; i++) {
                        channel.writeInbound(Unpooled.wrappedBuffer(flood));
                    }
                })
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("without waiting");
    }

    @Test
    void crLfLinesAreUnknownCommands() {
        write("QUIT\r\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new Request.Unknown("QUIT\r"));
    }

    @Test
    void aPartialLineAtCloseIsDropped() {
        write("QUI");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void repliesAndTheirPayloads() {
        decoder = FrameDecoder.forReplies(1024);
        channel = new EmbeddedChannel(decoder);
        write("RECV SIZE 4\ndata");
        assertThat((Object) channel.readInbound()).isEqualTo(new Reply.Size(Command.RECV, 4));
        decoder.expectPayload(4);
        PayloadChunk chunk = channel.readInbound();
        assertThat(ByteBufUtil.getBytes(chunk.content())).isEqualTo("data".getBytes(StandardCharsets.US_ASCII));
        chunk.release();
    }

    @Test
    void encoderWritesTheLineAndANewline() {
        EmbeddedChannel out = new EmbeddedChannel(LineEncoder.INSTANCE);
        for (Reply reply : LinesTest.EVERY_REPLY) {
            assertThat(out.writeOutbound(reply)).isTrue();
            ByteBuf encoded = out.readOutbound();
            assertThat(encoded.toString(StandardCharsets.UTF_8)).isEqualTo(reply.toLine() + "\n");
            encoded.release();
        }
        assertThat(out.writeOutbound(new Request.Recv(io.tentacle.internal.storage.FileNames.fromText("ñandú.data"))))
                .isTrue();
        ByteBuf encoded = out.readOutbound();
        assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo("RECV <ñandú.data>\n".getBytes(StandardCharsets.UTF_8));
        encoded.release();
        assertThat(out.writeOutbound(new Request.Send("Caf\u00e9.12345.data", 3)))
                .isTrue(); // A Windows agent's name.
        encoded = out.readOutbound();
        assertThat(ByteBufUtil.getBytes(encoded))
                .isEqualTo("SEND <Caf\u00e9.12345.data> SIZE 3\n".getBytes(StandardCharsets.ISO_8859_1));
        encoded.release();
        assertThat(out.finish()).isFalse();
    }

    @Test
    void encoderOutputDecodesBackToTheSameMessages() {
        EmbeddedChannel out = new EmbeddedChannel(LineEncoder.INSTANCE);
        for (Request request : LinesTest.EVERY_REQUEST) {
            out.writeOutbound(request);
            ByteBuf encoded = out.readOutbound();
            channel.writeInbound(encoded);
            assertThat((Object) channel.readInbound()).isEqualTo(request);
            decoder.expectLine();
        }
        assertThat(out.finish()).isFalse();
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
