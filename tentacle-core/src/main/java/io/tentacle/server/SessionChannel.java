package io.tentacle.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.Reply;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a session's parts talk back to the client: replies that also say what to read next, refusals,
 * and slow disk work that runs off the event loop while the connection counts as busy.
 */
final class SessionChannel {
    private final ChannelHandlerContext ctx;
    private final FrameDecoder decoder;
    private final ServerLog log;
    private final Executor disk;
    private final SessionActivity activity;
    private final ServerStats stats;
    private boolean busy;

    SessionChannel(ChannelHandlerContext ctx, FrameDecoder decoder, ServerLog log, Executor disk, SessionActivity activity, ServerStats stats) {
        this.stats = stats;
        this.ctx = ctx;
        this.decoder = decoder;
        this.log = log;
        this.disk = disk;
        this.activity = activity;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    ServerLog log() {
        return log;
    }

    FrameDecoder decoder() {
        return decoder;
    }

    boolean busy() {
        return busy;
    }

    boolean isTls() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    /** Answers, then reads the next command line. */
    void reply(Reply reply) {
        ctx.writeAndFlush(reply);
        decoder.expectLine();
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
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
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

    /** Answers and ends the session: the bytes that follow cannot be trusted as commands. */
    void replyAndClose(Reply reply) {
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    /** Runs {@code work} on the disk executor, then {@code then} back on the event loop. */
    <T> void offLoop(Supplier<T> work, Consumer<T> then) {
        busy = true;
        long start = System.nanoTime();
        disk.execute(() -> {
            T result = work.get();
            ctx.executor().execute(() -> {
                busy = false;
                activity.excuse(System.nanoTime() - start);
                then.accept(result);
            });
        });
    }
}
