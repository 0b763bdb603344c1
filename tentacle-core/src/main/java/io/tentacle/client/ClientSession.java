package io.tentacle.client;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tentacle.Failures;
import io.tentacle.internal.OffLoop;
import io.tentacle.internal.net.KernelSendQueue;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.ProtocolException;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/**
 * Runs a connection's operations one after another (the protocol is lock-step). Every method runs on
 * the channel's event loop; {@link #submit} may be called from any thread.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
    private final FrameDecoder decoder;
    private final Executor blocking;
    private final Duration tlsProbeTimeout;
    private final Queue<Operation<?>> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private Operation<?> current;
    private TentacleException failure;
    private OffLoop blockingWork;
    /** Our bytes on their way at the last idle check; see {@link #ownBytesLeaving}. */
    private long leavingAtLastCheck = -1;
    /** The slowest link a payload is given time for once it has left us: 128 kbit/s. */
    private static final long SLOWEST_LINK_BYTES_PER_SECOND = 16 * 1024;
    /** The current operation's payload: its size, when it began to leave, when its last byte had (-1 before). */
    private long payloadBytes;

    private long payloadStartNanos;
    private long payloadLeftNanos = -1;

    /**
     * @param tlsProbeTimeout for a plain connection the server closes without a word, how long to ask
     *     it whether it speaks TLS ({@link TlsProbe}); null to never ask (TLS, or through a proxy)
     */
    ClientSession(FrameDecoder decoder, Executor blocking, Duration tlsProbeTimeout) {
        this.decoder = decoder;
        this.blocking = blocking;
        this.tlsProbeTimeout = tlsProbeTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.blockingWork = new OffLoop(blocking, ctx.executor());
    }

    /** Queues an operation; its future fails if the connection is or goes down first. */
    <T> CompletableFuture<T> submit(Operation<T> operation) {
        ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                operation.abandon();
                operation.result.completeExceptionally(
                        failure != null
                                ? failure
                                : new TentacleException.ConnectionLost("the connection is closed", null));
                return;
            }
            queue.add(operation);
            if (current == null) {
                startNext();
            }
        });
        return operation.result;
    }

    /** Sends QUIT once the queued operations are done, then closes. */
    CompletableFuture<Void> quit() {
        ctx.executor().execute(() -> {
            if (current == null && queue.isEmpty()) {
                sendQuit();
            } else {
                queue.add(QUIT);
                if (current == null) {
                    startNext();
                }
            }
        });
        return closed;
    }

    CompletableFuture<Void> closeFuture() {
        return closed;
    }

    private void startNext() {
        current = queue.poll();
        if (current == null) {
            return;
        }
        if (current == QUIT) {
            current = null;
            sendQuit();
            return;
        }
        ctx.writeAndFlush(current.request()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        payloadLeftNanos = -1; // A new operation: the last one's payload no longer excuses the server.
        leavingAtLastCheck = -1;
        try {
            current.afterRequest(this);
        } catch (IOException e) {
            ctx.fireExceptionCaught(e);
            return;
        }
        decoder.expectLine();
    }

    private void sendQuit() {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Request.Quit.INSTANCE).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // Called by operations.

    void write(Object message) {
        ctx.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Streams a file: zero-copy on plain TCP, in chunks through TLS. Closes the file when done. */
    void writeFile(FileChannel file, long size) throws IOException {
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        Object payload = tls ? new ChunkedNioFile(file, 0, size, 64 * 1024) : new DefaultFileRegion(file, 0, size);
        payloadBytes = size;
        payloadStartNanos = System.nanoTime();
        payloadLeftNanos = -1;
        ctx.writeAndFlush(payload)
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE)
                .addListener(written -> {
                    if (written.isSuccess()) {
                        payloadLeftNanos = System.nanoTime();
                    }
                });
    }

    void expectLine() {
        decoder.expectLine();
    }

    void expectPayload(long size) {
        decoder.expectPayload(size);
    }

    <T> void complete(Operation<T> operation, T value) {
        current = null;
        operation.result.complete(value);
        startNext();
    }

    /** The operation failed but the session goes on. */
    void refused(Operation<?> operation, TentacleException why) {
        current = null;
        operation.result.completeExceptionally(why);
        startNext();
    }

    /** The operation failed and the server ends the session (after a refusal it cannot recover from). */
    void refusedAndEnded(Operation<?> operation, TentacleException why) {
        failConnection(why);
    }

    /**
     * A received file could not be stored. After MV the session must end without another command
     * line: our server deletes a moved file when the next line (even QUIT) arrives, which would lose it.
     */
    void storeFailed(Operation<?> operation, TentacleException why) {
        if (operation.request() instanceof Request.Mv) {
            failConnection(why);
        } else {
            refused(operation, why);
        }
    }

    /** Runs slow disk work off the event loop, then completes the operation back on it. */
    <T> void runBlocking(Operation<T> operation, OffLoop.Work<T> step) {
        blockingWork.run(
                step,
                value -> complete(operation, value),
                failure -> storeFailed(
                        operation,
                        new TentacleException(
                                "cannot store the received file: " + Failures.describe(failure), failure)));
    }

    // Events from the pipeline.

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Operation<?> operation = current;
            if (operation == null) {
                throw new TentacleException.ProtocolViolation(
                        "server sent '" + Printable.escape(String.valueOf(msg)) + "' when nothing was asked");
            }
            if (msg instanceof Reply reply) {
                operation.onReply(reply, this);
            } else if (msg instanceof PayloadChunk chunk) {
                operation.onChunk(chunk, this);
            }
        } catch (IOException e) {
            failConnection(
                    e instanceof TentacleException t
                            ? t
                            : new TentacleException("local I/O failed: " + e.getMessage(), e));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current != null && !blockingWork.busy() && !ownBytesLeaving(ctx) && !payloadMayStillArrive()) {
                failConnection(new TentacleException.TimedOut(
                        "the server did not answer " + current.request().toLine() + " in time"));
            }
        } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            failConnection(handshakeFailed(handshake.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failConnection(classify(cause));
    }

    /**
     * Whether bytes we sent are still on their way, and fewer than at the last check: a large payload on
     * a slow link takes longer than the idle limit to leave, and the server cannot answer before it has
     * it. Counts what Netty has not handed to the kernel yet and what the kernel holds unacknowledged.
     * A number that stands still is a peer that stopped reading: that is a timeout.
     */
    private boolean ownBytesLeaving(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long notHandedOver = out == null ? 0 : Math.max(0, out.totalPendingWriteBytes() - out.currentProgress());
        long inKernel = 0;
        if (ctx.channel().localAddress() instanceof InetSocketAddress local
                && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            inKernel = KernelSendQueue.unacknowledged(local, remote).orElse(0);
        }
        long leaving = notHandedOver + inKernel;
        boolean moved = leaving > 0 && leaving != leavingAtLastCheck;
        leavingAtLastCheck = leaving;
        return moved;
    }

    /**
     * Once our payload has left us the server may still be receiving it: a link's buffers (a satellite
     * modem's, a WAN accelerator that acknowledges for the far end) hold bytes our kernel no longer
     * counts. It gets as long again as the payload took to leave us, or as long as it needs at the
     * slowest link, whichever is more; then the idle limit counts again.
     */
    private boolean payloadMayStillArrive() {
        if (payloadLeftNanos < 0) {
            return false;
        }
        long took = payloadLeftNanos - payloadStartNanos;
        long atSlowestLink = (long) (payloadBytes * 1e9 / SLOWEST_LINK_BYTES_PER_SECOND);
        return System.nanoTime() - payloadLeftNanos < Math.max(took, atSlowestLink);
    }

    private void failConnection(TentacleException why) {
        if (failure == null) {
            failure = why;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        TentacleException why = failure;
        if (why == null) {
            why = current instanceof SimpleOperation simple && simple.isPass()
                    ? new TentacleException.AuthenticationFailed(
                            "the server closed the connection after PASS: wrong password")
                    : new TentacleException.ConnectionLost("the server closed the connection", null);
            failure = why;
            FirstBytes first = ctx.pipeline().get(FirstBytes.class);
            if (current != null
                    && tlsProbeTimeout != null
                    && (first == null || !first.received())
                    && askWhetherTls(ctx, why)) {
                return;
            }
        }
        end(ctx, why);
    }

    /**
     * Closed without a word in answer to a command: a TLS server does that to a plain connection.
     * Asks it off the event loop, then ends with what was learned; false when it cannot ask.
     */
    private boolean askWhetherTls(ChannelHandlerContext ctx, TentacleException guess) {
        java.net.SocketAddress server = ctx.channel().remoteAddress();
        try {
            blocking.execute(() -> {
                boolean tls = TlsProbe.speaksTls(server, tlsProbeTimeout);
                ctx.executor().execute(() -> {
                    if (tls) {
                        failure = new TentacleException.TlsMismatch(
                                "the server speaks TLS and this connection does not "
                                        + "(it closed the connection without a word, and answers a TLS handshake): configure TLS "
                                        + "(a CA or a client certificate)",
                                true);
                    }
                    end(ctx, failure);
                });
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // The client is closing: no time to ask.
        }
    }

    private void end(ChannelHandlerContext ctx, TentacleException why) {
        if (current != null) {
            current.abandon();
            current.result.completeExceptionally(why);
            current = null;
        }
        for (Operation<?> queued; (queued = queue.poll()) != null; ) {
            queued.abandon();
            queued.result.completeExceptionally(why);
        }
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    TentacleException failure() {
        return failure;
    }

    /**
     * Why the TLS handshake failed. A server answering in plain text, or not at all (a Tentacle server
     * without TLS waits for a command line and takes the handshake for one), does not speak TLS.
     */
    TentacleException handshakeFailed(Throwable cause) {
        for (Throwable t : Failures.causes(cause)) {
            if (t instanceof TentacleException e) {
                return e;
            }
            if (t instanceof NotSslRecordException) {
                return new TentacleException.TlsMismatch(
                        "the server does not speak TLS: it answered the TLS handshake in plain text", false);
            }
        }
        FirstBytes first = ctx.pipeline().get(FirstBytes.class);
        boolean silent = first != null && !first.received();
        if (silent && (cause instanceof SslHandshakeTimeoutException || cause instanceof ClosedChannelException)) {
            return new TentacleException.TlsMismatch(
                    "the server does not speak TLS: it never answered the TLS handshake"
                            + (cause instanceof SslHandshakeTimeoutException
                                    ? " (" + cause.getMessage() + ")"
                                    : ", and closed the connection"),
                    false);
        }
        return new TentacleException.TlsFailed("TLS handshake failed: " + Failures.describe(cause), cause);
    }

    /** Any failure of the connection as the {@link TentacleException} that names its cause. */
    static TentacleException classify(Throwable cause) {
        Throwable failure = Failures.unwrap(cause);
        if (failure instanceof TentacleException t) {
            return t;
        }
        for (Throwable t : Failures.causes(failure)) {
            if (t instanceof SSLException) {
                return new TentacleException.TlsFailed("TLS failed: " + Failures.describe(t), t);
            }
            if (t instanceof ProtocolException) {
                return new TentacleException.ProtocolViolation("server broke the protocol: " + t.getMessage());
            }
        }
        if (failure instanceof ProxyConnectException) {
            return new TentacleException.ConnectionLost(
                    "the HTTP proxy refused the tunnel: " + failure.getMessage(), failure);
        }
        return new TentacleException.ConnectionLost("connection failed: " + Failures.describe(failure), failure);
    }

    /** Marks the QUIT that ends a queue. */
    private static final Operation<Void> QUIT = new Operation<>() {
        @Override
        Request request() {
            return Request.Quit.INSTANCE;
        }

        @Override
        void onReply(Reply reply, ClientSession session) {
            // QUIT has no reply.
        }
    };
}
