package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.tentacle.internal.OffLoop;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.Reply;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a session's parts talk back to the client: replies that also say what to read next, refusals,
 * payloads, and slow disk work that runs off the event loop while the connection counts as busy.
 * The parts never see the channel or the decoder themselves, so what is read next always follows
 * from what was said.
 */
final class SessionChannel {
    private final ChannelHandlerContext ctx;
    private final FrameDecoder decoder;
    private final ServerLog log;
    private final OffLoop disk;
    private final SessionActivity activity;
    private final ServerStats stats;

    SessionChannel(
            ChannelHandlerContext ctx,
            FrameDecoder decoder,
            ServerLog log,
            Executor disk,
            SessionActivity activity,
            ServerStats stats) {
        this.stats = stats;
        this.ctx = ctx;
        this.decoder = decoder;
        this.log = log;
        this.disk = new OffLoop(disk, ctx.executor());
        this.activity = activity;
    }

    boolean busy() {
        return disk.busy();
    }

    boolean isTls() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    boolean isOpen() {
        return ctx.channel().isActive();
    }

    SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    /** A buffer for a payload we build (a listing). */
    ByteBuf buffer() {
        return ctx.alloc().buffer();
    }

    /** Runs {@code task} on the event loop; throws RejectedExecutionException when the loop has stopped. */
    void onLoop(Runnable task) {
        ctx.executor().execute(task);
    }

    /** Answers, then reads the next command line. */
    void reply(Reply reply) {
        ctx.writeAndFlush(reply);
        decoder.expectLine();
    }

    /** Reads the next command line without answering: the client's last line needs none. */
    void readNextLine() {
        decoder.expectLine();
    }

    /** Gives the go-ahead for an upload of {@code size} bytes: what follows is payload. */
    void acceptPayload(Reply goAhead, long size) {
        ctx.writeAndFlush(goAhead);
        decoder.expectPayload(size);
    }

    /**
     * Answers a payload just received. Bytes after it that the client should have held back for our
     * answer cannot be told apart from commands: the session then ends after the answer.
     */
    void replyAfterPayload(Reply reply, String what) {
        if (decoder.hasUnreadInput()) {
            log.important("Client sent more bytes than announced for " + what + "; closing");
            replyAndClose(reply);
            return;
        }
        reply(reply);
    }

    /**
     * Sends an ERR. When the client already sent bytes it should have held back for our go-ahead,
     * they cannot be told apart from commands, so the connection ends.
     */
    void refuse(Reply reply, String why) {
        stats.refused(ServerStats.Refusal.of(reply));
        log.important(why);
        if (decoder.hasUnreadInput()) {
            log.important("Client sent data before the go-ahead; closing");
            replyAndClose(reply);
            return;
        }
        reply(reply);
    }

    /**
     * Sends a download's payload after the go-ahead. Once it has all left us the client may stay
     * silent while it arrives, however many buffers along the way still hold it.
     */
    ChannelFuture writePayload(Object payload, long size, boolean file) {
        activity.sending(size, file);
        ChannelFuture written = ctx.writeAndFlush(payload);
        written.addListener(f -> {
            if (f.isSuccess()) {
                activity.handedOver();
            }
        });
        return written;
    }

    /** Sends {@code header} and its payload without waiting for a go-ahead, then reads the next line. */
    ChannelFuture replyWithPayload(Reply header, Object payload, long size) {
        ctx.write(header);
        ChannelFuture written = writePayload(payload, size, true);
        decoder.expectLine();
        return written;
    }

    /** Answers and ends the session: the bytes that follow cannot be trusted as commands. */
    void replyAndClose(Reply reply) {
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    /** The same, saying why in the log. */
    void replyAndClose(Reply reply, String why) {
        stats.refused(ServerStats.Refusal.of(reply));
        log.important(why + "; closing: its payload follows");
        replyAndClose(reply);
    }

    /** Reads a payload the client sends without a go-ahead (a PUT's). */
    void expectPayload(long size) {
        decoder.expectPayload(size);
    }

    /** Ends the session without an answer, saying why in the log. */
    void close(String why) {
        log.important(why);
        ctx.close();
    }

    /**
     * Runs {@code work} on the disk executor, then {@code done} with its result back on the event loop,
     * or {@code failed} with what it threw. The time it takes does not count against the client.
     */
    <T> void offLoop(OffLoop.Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        long start = System.nanoTime();
        disk.run(
                work,
                result -> {
                    activity.excuse(System.nanoTime() - start);
                    done.accept(result);
                },
                failure -> {
                    activity.excuse(System.nanoTime() - start);
                    failed.accept(failure);
                });
    }
}
