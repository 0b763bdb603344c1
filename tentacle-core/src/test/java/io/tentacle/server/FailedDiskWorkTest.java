package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tentacle.internal.storage.Spool;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk work that breaks with an unchecked exception (a bug, or a surprise of the platform) must not
 * leave the session busy, its idle timeout off, with the client waiting for an answer that never
 * comes: the client gets an ERR, the log says why, and the session goes on.
 */
class FailedDiskWorkTest {
    @TempDir
    Path spool;

    @Test
    void anUploadWhoseCompletionBreaksIsRefusedAndTheSessionGoesOn() throws Exception {
        // With fsync the completion runs on the disk threads; here it breaks as a bug would.
        ServerConfig config =
                ServerConfig.builder().directory(spool).fsync(true).build();
        Spool store = new Spool(spool, config.filters(), config.names(), Runnable::run);
        UploadCompletion breaking = new UploadCompletion(config, store) {
            @Override
            Outcome complete(Upload upload) {
                throw new IllegalStateException("the completion broke");
            }
        };
        FrameDecoder decoder = FrameDecoder.forRequests(config.maxLineLength());
        ServerSession session =
                new ServerSession(config, store, decoder, Runnable::run, ServerStats.detached(), breaking);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, LineEncoder.INSTANCE, session);
        try (LogCapture log = LogCapture.server()) {
            channel.writeInbound(ascii("SEND <a.data> SIZE 5\n"));
            assertThat(reply(channel)).isEqualTo("SEND OK");

            channel.writeInbound(ascii("hello"));

            assertThat(reply(channel)).isEqualTo("SEND ERR (file could not be stored)");
            assertThat(log.awaitLine("File 'a.data' not stored: the completion broke"))
                    .isTrue();
            assertThat(session.busy()).as("busy after the work ended").isFalse();
            assertThat(channel.isOpen()).isTrue();
            assertThat(NoLeaks.tempFiles(List.of(spool))).isEmpty();
            // The name is free again: the next upload of it gets its go-ahead.
            channel.writeInbound(ascii("SEND <a.data> SIZE 5\n"));
            assertThat(reply(channel)).isEqualTo("SEND OK");
        } finally {
            channel.finishAndReleaseAll();
            store.close();
        }
        assertThat(Files.exists(spool.resolve("a.data"))).isFalse();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    /** The next line the session wrote, without its newline; null when it wrote none. */
    private static String reply(EmbeddedChannel channel) {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return out.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        } finally {
            out.release();
        }
    }
}
