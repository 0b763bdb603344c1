package io.tentacle.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tentacle.internal.net.KernelSendQueue;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.Spool;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * One client connection: reads commands in lock-step and hands them to {@link Uploads} and
 * {@link Downloads}; answers PASS, DEL and QUIT itself.
 */
final class ServerSession extends ConnectionHandler {
    private final Spool spool;
    private final FrameDecoder decoder;
    private final Executor disk;
    private final SessionActivity activity;
    private final UploadCompletion completion;
    private SessionChannel channel;
    private Uploads uploads;
    private Downloads downloads;
    private Batches batches;
    private Puts puts;
    private Authentication authentication;

    ServerSession(ServerConfig config, Spool spool, FrameDecoder decoder, Executor disk) {
        this(config, spool, decoder, disk, ServerStats.detached());
    }

    ServerSession(ServerConfig config, Spool spool, FrameDecoder decoder, Executor disk, ServerStats stats) {
        this(config, spool, decoder, disk, stats, new UploadCompletion(config, spool));
    }

    /** With the step that makes an upload visible given: tests hand in one that breaks. */
    ServerSession(
            ServerConfig config,
            Spool spool,
            FrameDecoder decoder,
            Executor disk,
            ServerStats stats,
            UploadCompletion completion) {
        super(config, stats);
        this.spool = spool;
        this.decoder = decoder;
        this.disk = disk;
        this.activity = new SessionActivity(config.idleLimit());
        this.completion = completion;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        channel = new SessionChannel(ctx, decoder, log, disk, activity, stats);
        uploads = new Uploads(config, spool, channel, stats, log, completion);
        downloads = new Downloads(spool, channel, log);
        batches = new Batches(spool, channel, disk, log, config.batchVersion());
        puts = new Puts(spool, channel, uploads, log);
        authentication = new Authentication(config, stats, log);
    }

    @Override
    protected boolean busy() {
        return channel.busy() || activity.downloadInFlight();
    }

    /**
     * An idle moment while a download is in flight: the allowance excuses a slow network, but not a
     * client that has stopped reading. Whether the kernel's queue for it still moves is read off the
     * event loop; a client whose queue stood still since the last idle moment loses its place.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent
                && !channel.busy()
                && activity.downloadInFlight()
                && ctx.channel().localAddress() instanceof InetSocketAddress local
                && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            disk.execute(() -> {
                OptionalLong queued = KernelSendQueue.unacknowledged(local, remote);
                ctx.executor().execute(() -> {
                    String stalled = activity.stalled(queued);
                    if (stalled != null && ctx.channel().isActive()) {
                        log.important("Connection timed out: " + stalled);
                        ctx.close();
                    }
                });
            });
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected String timeoutMessage() {
        String overdue = activity.overdueDownload();
        return overdue == null ? super.timeoutMessage() : "Connection timed out: " + overdue;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PayloadChunk chunk) {
            activity.received();
            try {
                if (puts.receiving()) {
                    puts.onChunk(chunk);
                } else {
                    uploads.onChunk(chunk);
                }
            } finally {
                chunk.release();
            }
        } else if (msg instanceof Request request) {
            onRequest(request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(Request request) {
        activity.lineArrived();
        downloads.confirmMove();
        if (!(request instanceof Request.Batch)) {
            batches.otherLine();
        }
        if (downloads.awaitsAnswer()) {
            downloads.answer(request);
        } else if (activity.idleTooLong()) {
            // Commands that move no file, one every few seconds, would otherwise keep a place forever.
            log.important(
                    "Closing the session: it has held a place for " + SessionActivity.seconds(activity.idleNanos())
                            + " without storing or sending a file (the timeout x tries allow "
                            + SessionActivity.seconds(config.idleLimit().toNanos()) + ")");
            ctx.close();
        } else if (!authentication.done()) {
            if (authentication.check(request)) {
                channel.reply(new Reply.Ok(Command.PASS));
            } else {
                ctx.close();
            }
        } else if (request instanceof Request.Send send) {
            uploads.start(Command.SEND, send.name(), send.size());
        } else if (request instanceof Request.ZSend zsend) {
            uploads.start(Command.ZSEND, zsend.name(), zsend.size());
        } else if (request instanceof Request.Recv recv
                && recv.name().equals(BatchFormat.EXTENSIONS_PROBE)
                && config.insecure()
                && config.batches()) {
            batches.answerProbe();
        } else if (request instanceof Request.Recv recv) {
            downloads.offerFile(Command.RECV, recv.name());
        } else if (request instanceof Request.ZRecv zrecv) {
            downloads.offerFile(Command.ZRECV, zrecv.name());
        } else if (request instanceof Request.Ls ls) {
            whenInsecure(
                    "list files matched by '" + FileNames.display(ls.filter()) + "'",
                    () -> downloads.offerListing(ls.filter()));
        } else if (request instanceof Request.Mv mv) {
            whenInsecure(
                    "move file '" + FileNames.display(mv.name()) + "'",
                    () -> downloads.offerFile(Command.MV, mv.name()));
        } else if (request instanceof Request.Batch batch && config.batches()) {
            whenInsecure("send a batch (confirming " + batch.confirm() + ")", () -> batches.request(batch));
        } else if (request instanceof Request.Copy copy && config.batchVersion() >= BatchFormat.COPY_SINCE) {
            whenInsecure(
                    "copy the files matched by '" + FileNames.display(copy.filter()) + "'", () -> batches.copy(copy));
        } else if (request instanceof Request.Put put
                && config.insecure()
                && config.batchVersion() >= BatchFormat.PUT_SINCE) {
            puts.start(put, config.batchVersion());
        } else if (request instanceof Request.Del del) {
            whenInsecure("delete file '" + FileNames.display(del.name()) + "'", () -> delete(del.name()));
        } else if (request instanceof Request.Quit) {
            log.transfer(() -> "Connection closed");
            ctx.close();
        } else if (request instanceof Request.Pass) {
            log.important(
                    config.hasPassword()
                            ? "Password sent again after authentication; closing the connection"
                            : "Client sent a password, but this server has none (no -x); closing the connection");
            ctx.close();
        } else {
            // A stray go-ahead, or no command at all.
            log.important("Unknown command '" + request.toLine() + "'");
            ctx.close();
        }
    }

    private void whenInsecure(String what, Runnable action) {
        if (config.insecure()) {
            log.transfer(() -> "Request to " + what);
            action.run();
        } else {
            stats.refused(ServerStats.Refusal.INSECURE_DISABLED);
            log.important("Insecure mode disabled. Rejected request to " + what);
            ctx.close();
        }
    }

    private void delete(String name) {
        Optional<String> invalid = spool.whyUnusable(name);
        try {
            if (invalid.isEmpty() && spool.delete(name)) {
                log.transfer(() -> "Deleted file '" + FileNames.display(name) + "'");
                channel.reply(new Reply.Ok(Command.DEL));
                return;
            }
            channel.refuse(
                    Reply.Err.bare(Command.DEL),
                    "Cannot delete '" + FileNames.display(name) + "': " + invalid.orElse("no such file"));
        } catch (IOException e) {
            channel.refuse(Reply.Err.bare(Command.DEL), "Cannot delete '" + FileNames.display(name) + "': " + e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        uploads.abandon();
        puts.abandon();
        downloads.abandon();
        batches.abandon();
        ctx.fireChannelInactive();
    }
}
