package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.PasswordDigest;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import io.tentacle.storage.IncomingFile;
import io.tentacle.storage.OutgoingFile;
import io.tentacle.storage.Spool;
import io.tentacle.storage.SpoolFiles;
import io.tentacle.storage.ZipFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** One client connection: reads commands in lock-step and answers them from the spool. */
final class ServerSession extends ChannelInboundHandlerAdapter {
    private final ServerConfig config;
    private final Spool spool;
    private final FrameDecoder decoder;
    private final Executor disk;
    private final UploadCompletion completion;
    private ChannelHandlerContext ctx;
    private ServerLog log;
    private boolean authenticated;
    private Upload upload;
    private Offer offer;
    private OutgoingFile moved;
    private boolean busy;

    ServerSession(ServerConfig config, Spool spool, FrameDecoder decoder, Executor disk) {
        this.config = config;
        this.spool = spool;
        this.decoder = decoder;
        this.disk = disk;
        this.completion = new UploadCompletion(config);
        this.authenticated = !config.hasPassword();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.log = new ServerLog(ctx.channel().remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.transfer("Client connected");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PayloadChunk chunk) {
            try {
                onChunk(chunk);
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
        if (moved != null) {
            deleteMovedFile();
        }
        if (offer != null) {
            onAnswerToOffer(request);
            return;
        }
        if (!authenticated) {
            authenticate(request);
            return;
        }
        if (request instanceof Request.Send send) {
            startUpload(Command.SEND, send.name(), send.size());
        } else if (request instanceof Request.ZSend zsend) {
            startUpload(Command.ZSEND, zsend.name(), zsend.size());
        } else if (request instanceof Request.Recv recv) {
            offerFile(Command.RECV, recv.name());
        } else if (request instanceof Request.ZRecv zrecv) {
            offerFile(Command.ZRECV, zrecv.name());
        } else if (request instanceof Request.Ls ls) {
            whenInsecure("list files matched by '" + ls.filter() + "'", () -> offerListing(ls.filter()));
        } else if (request instanceof Request.Mv mv) {
            whenInsecure("move file '" + mv.name() + "'", () -> offerFile(Command.MV, mv.name()));
        } else if (request instanceof Request.Del del) {
            whenInsecure("delete file '" + del.name() + "'", () -> delete(del.name()));
        } else if (request instanceof Request.Quit) {
            log.transfer("Connection closed");
            ctx.close();
        } else {
            // PASS when none is due, a stray go-ahead, or no command at all.
            log.important("Unknown command '" + request.toLine() + "'");
            ctx.close();
        }
    }

    private void authenticate(Request request) {
        if (request instanceof Request.Pass pass && PasswordDigest.matches(config.password(), pass.digest())) {
            authenticated = true;
            log.important("Client authenticated");
            replyThenNextLine(new Reply.Ok(Command.PASS));
        } else {
            log.important(request instanceof Request.Pass ? "Invalid password" : "Client did not authenticate");
            ctx.close();
        }
    }

    private void whenInsecure(String what, Runnable action) {
        if (config.insecure()) {
            log.transfer("Request to " + what);
            action.run();
        } else {
            log.important("Insecure mode disabled. Rejected request to " + what);
            ctx.close();
        }
    }

    // SEND and ZSEND

    private void startUpload(Command command, String name, long size) {
        log.transfer("Request to send file '" + name + "' size " + size + "b" + (command == Command.ZSEND ? " (compressed)" : ""));
        Optional<String> invalid = spool.names().whyInvalid(name);
        if (invalid.isPresent()) {
            refuse(new Reply.Err(command, ErrReasons.INVALID_NAME), "File '" + name + "' has an invalid file name: " + invalid.get());
        } else if (size < 1 || size > config.maxSize()) {
            refuse(new Reply.Err(command, ErrReasons.TOO_BIG), "File '" + name + "' size " + size + "b is too big (limit " + config.maxSize() + "b)");
        } else if (!config.overwrite() && spool.hasFile(name)) {
            refuse(new Reply.Err(command, ErrReasons.EXISTS), "File '" + name + "' already exists");
        } else {
            beginUpload(command, name, size);
        }
    }

    private void beginUpload(Command command, String name, long size) {
        Path target;
        try {
            target = spool.resolve(name);
        } catch (IOException e) {
            refuse(new Reply.Err(command, ErrReasons.NOT_STORED), "Cannot store '" + name + "': " + e.getMessage());
            return;
        }
        boolean claimed = !config.overwrite();
        if (claimed && !spool.claim(target)) {
            refuse(new Reply.Err(command, ErrReasons.EXISTS), "File '" + name + "' is being uploaded by another client");
            return;
        }
        try {
            upload = new Upload(command, name, size, IncomingFile.create(target));
            upload.claimed = claimed;
        } catch (IOException e) {
            if (claimed) {
                spool.release(target);
            }
            refuse(new Reply.Err(command, ErrReasons.NOT_STORED), "Cannot create a file for '" + name + "': " + e);
            return;
        }
        ctx.writeAndFlush(new Reply.Ok(command));
        decoder.expectPayload(size);
    }

    /** The upload is over, stored or not: its name is free for the next one. */
    private void releaseName(Upload finished) {
        if (finished.claimed) {
            finished.claimed = false;
            spool.release(finished.file.target());
        }
    }

    private void onChunk(PayloadChunk chunk) {
        Upload current = upload;
        if (current == null) {
            return;
        }
        if (current.failure == null) {
            try {
                current.file.write(chunk.content());
            } catch (IOException e) {
                current.failure = e;
                current.file.abort();
            }
        }
        if (chunk.isLast()) {
            upload = null;
            finishUpload(current);
        }
    }

    private void finishUpload(Upload current) {
        if (current.failure != null) {
            releaseName(current);
            refuse(new Reply.Err(current.command, ErrReasons.NOT_STORED), "Cannot write '" + current.name + "': " + current.failure);
            return;
        }
        if (!current.zipped() && !config.fsync()) {
            reportUpload(current, completion.complete(current));
            return;
        }
        busy = true;
        disk.execute(() -> {
            UploadCompletion.Outcome outcome = completion.complete(current);
            ctx.executor().execute(() -> {
                busy = false;
                reportUpload(current, outcome);
            });
        });
    }

    private void reportUpload(Upload current, UploadCompletion.Outcome outcome) {
        releaseName(current);
        if (!outcome.stored()) {
            refuse(outcome.reply(), "File '" + current.name + "' not stored: " + outcome.problem());
            return;
        }
        Path path = spool.pathFor(current.name);
        log.transfer("Received " + (current.zipped() ? "compressed " : "") + "file '" + current.name + "' size " + outcome.storedSize() + "b");
        config.listener().fileStored(new StoredFileListener.StoredFile(current.name, path, outcome.storedSize(), ctx.channel().remoteAddress()));
        if (decoder.hasUnreadInput()) {
            // Nothing may follow a payload before our reply: such bytes are not a command we can trust.
            ctx.writeAndFlush(outcome.reply()).addListener(ChannelFutureListener.CLOSE);
            log.important("Client sent more bytes than announced for '" + current.name + "'; closing");
            return;
        }
        replyThenNextLine(outcome.reply());
    }

    // RECV, ZRECV, MV, LS: announce a size, wait for the go-ahead, send

    private void offerFile(Command command, String name) {
        log.transfer("Request to receive file '" + name + "'");
        Optional<String> invalid = spool.names().whyInvalid(name);
        if (invalid.isPresent()) {
            refuse(offerError(command, ErrReasons.INVALID_NAME_RECV), "Requested file '" + name + "' has an invalid file name: " + invalid.get());
            return;
        }
        OutgoingFile file;
        try {
            file = OutgoingFile.open(spool.resolve(name));
        } catch (IOException e) {
            refuse(offerError(command, ErrReasons.NOT_FOUND), "Requested file '" + name + "' does not exist");
            return;
        }
        if (command != Command.ZRECV) {
            announce(new Offer.FileOffer(command, name, file, null));
            return;
        }
        busy = true;
        disk.execute(() -> {
            Offer zipped = zipForSending(name, file);
            ctx.executor().execute(() -> {
                busy = false;
                if (zipped == null) {
                    refuse(offerError(command, ErrReasons.NOT_FOUND), "Cannot compress '" + name + "'");
                } else if (!ctx.channel().isActive()) {
                    zipped.discard();
                } else {
                    announce(zipped);
                }
            });
        });
    }

    private Offer zipForSending(String name, OutgoingFile file) {
        Path temp = null;
        try {
            temp = SpoolFiles.createTemp(file.path().getParent());
            ZipFiles.zipFile(file.path(), name, temp);
            return new Offer.FileOffer(Command.ZRECV, name, OutgoingFile.open(temp), temp);
        } catch (IOException e) {
            if (temp != null) {
                SpoolFiles.deleteQuietly(temp);
            }
            return null;
        } finally {
            file.closeQuietly();
        }
    }

    private static Reply.Err offerError(Command command, String reason) {
        return command == Command.MV ? Reply.Err.bare(command) : new Reply.Err(command, reason);
    }

    private void offerListing(String filter) {
        if (!spool.names().invalidChars().isEmpty() && filter.chars().anyMatch(c -> spool.names().invalidChars().indexOf(c) >= 0)) {
            refuse(Reply.Err.bare(Command.LS), "Invalid file listing filter '" + filter + "'");
            return;
        }
        Path directory = spool.directoryFor(filter);
        List<String> names;
        try {
            names = spool.list(directory);
        } catch (IOException e) {
            refuse(Reply.Err.bare(Command.LS), "Cannot list " + directory + ": " + e);
            return;
        }
        ByteBuf listing = ctx.alloc().buffer();
        listing.writeCharSequence(".\n..\n", StandardCharsets.UTF_8);
        for (String name : names) {
            listing.writeCharSequence(name, StandardCharsets.UTF_8);
            listing.writeByte('\n');
        }
        announce(new Offer.ListingOffer(listing));
    }

    private void announce(Offer next) {
        offer = next;
        replyThenNextLine(new Reply.Size(next.command(), next.size()));
    }

    private void onAnswerToOffer(Request request) {
        Offer current = offer;
        offer = null;
        if (!(request instanceof Request.GoAhead goAhead) || goAhead.command() != current.command()) {
            log.important("Requested " + current.command() + " payload not sent: client answered '" + request.toLine() + "'");
            current.discard();
            decoder.expectLine();
            return;
        }
        Object payload;
        try {
            payload = current.payload(ctx.pipeline().get(SslHandler.class) != null);
        } catch (IOException e) {
            current.discard();
            log.important("Cannot read " + current.command() + " payload: " + e);
            ctx.close();
            return;
        }
        ctx.writeAndFlush(payload).addListener(future -> {
            if (!future.isSuccess()) {
                current.discard();
                log.important(current.command() + " payload not sent: " + future.cause());
                ctx.close();
                return;
            }
            sent(current);
        });
    }

    private void sent(Offer current) {
        if (current instanceof Offer.FileOffer file) {
            file.deleteTemp();
            if (file.command() == Command.MV) {
                moved = file.file();
                log.transfer("Requested file '" + file.name() + "' sent; deleted when the client confirms");
            } else {
                file.file().closeQuietly();
                log.transfer("Requested file '" + file.name() + "' sent");
            }
        } else {
            current.discard();
            log.transfer("Requested directory listing sent");
        }
        decoder.expectLine();
    }

    private void deleteMovedFile() {
        OutgoingFile file = moved;
        moved = null;
        file.closeQuietly();
        try {
            if (file.deleteIfUnchanged()) {
                log.transfer("Moved file " + file.path() + " deleted");
            } else {
                log.important("Moved file " + file.path() + " was replaced or removed meanwhile; left as is");
            }
        } catch (IOException e) {
            log.important("Cannot delete moved file " + file.path() + ": " + e);
        }
    }

    // DEL

    private void delete(String name) {
        Optional<String> invalid = spool.names().whyInvalid(name);
        try {
            if (invalid.isEmpty() && spool.delete(name)) {
                log.transfer("Deleted file '" + name + "'");
                replyThenNextLine(new Reply.Ok(Command.DEL));
                return;
            }
            refuse(Reply.Err.bare(Command.DEL), "Cannot delete '" + name + "': " + invalid.orElse("no such file"));
        } catch (IOException e) {
            refuse(Reply.Err.bare(Command.DEL), "Cannot delete '" + name + "': " + e);
        }
    }

    // Replies

    private void replyThenNextLine(Reply reply) {
        ctx.writeAndFlush(reply);
        decoder.expectLine();
    }

    /**
     * Sends an ERR. When the client already sent bytes it should have held back for our go-ahead,
     * they cannot be told apart from commands, so the connection ends.
     */
    private void refuse(Reply reply, String why) {
        log.important(why);
        if (decoder.hasUnreadInput() && !(reply instanceof Reply.Size)) {
            log.important("Client sent data before the go-ahead; closing");
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        replyThenNextLine(reply);
    }

    // Connection events

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!busy) {
                log.important("Connection timed out after " + config.idleLimit().toMillis() + " ms of silence");
                ctx.close();
            }
        } else if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                log.important("TLS started");
            } else {
                log.important("TLS handshake failed: " + ServerLog.describe(handshake.cause()));
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.important("Closing connection: " + ServerLog.describe(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null) {
            log.important("Connection lost after " + upload.file.written() + " of " + upload.size + " bytes of '" + upload.name + "'; nothing stored");
            upload.file.abort();
            releaseName(upload);
            upload = null;
        }
        if (offer != null) {
            offer.discard();
            offer = null;
        }
        if (moved != null) {
            log.important("Moved file " + moved.path() + " kept: the client left without confirming");
            moved.closeQuietly();
            moved = null;
        }
        ctx.fireChannelInactive();
    }
}
