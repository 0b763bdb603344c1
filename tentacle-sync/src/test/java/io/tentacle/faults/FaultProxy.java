package io.tentacle.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback between a Tentacle client and a server that follows the protocol on both
 * streams and lets a {@link Rule} stop a connection at an exact byte: before each byte is forwarded the
 * rule sees the connection's position (which command line, which payload and how far into it) and says
 * pass it, cut here (both sockets closed, the byte and everything after it lost), or hold here (nothing
 * more forwarded in that direction until {@link #releaseHeld()}, then cut), so a test can kill the
 * server while a payload is half delivered without relying on timing.
 *
 * <p>It understands the exchanges a puller makes: command lines from the client; reply lines from the
 * server, of which {@code LS|MV|RECV|ZRECV SIZE n} announce n payload bytes that the server sends after
 * the client's go-ahead (a puller always gives it), and {@code BATCH SIZE m FILES c DELETED d [LARGER l]}
 * and {@code COPY SIZE m FILES c}, which announce m payload bytes that follow at once.
 */
final class FaultProxy implements AutoCloseable {
    enum Verdict {
        /** Forward the byte. */
        PASS,
        /** Close both sides; the byte is not forwarded. */
        CUT,
        /** Forward the byte, then close both sides. */
        CUT_AFTER,
        /** Forward nothing more in this direction until {@link #releaseHeld()}, then close both sides. */
        HOLD
    }

    /** Decides for the next byte of a connection; called with the connection locked, so keep it quick. */
    interface Rule {
        Verdict next(Conn conn, boolean upstream);
    }

    /** Where a connection stands: what has been forwarded so far, in both directions. */
    static final class Conn {
        private static final Pattern SIZE = Pattern.compile(
                "(LS|MV|RECV|ZRECV|BATCH|COPY) SIZE (\\d+)(?: FILES \\d+(?: DELETED \\d+(?: LARGER \\d+)?)?)?");

        final int index;
        long upBytes;
        long downBytes;
        /** Command lines the client completed, and the bytes of the one it is writing. */
        int linesUp;

        final StringBuilder lineUp = new StringBuilder();
        /** Reply lines, and the one being read when not in a payload. */
        private final StringBuilder lineDown = new StringBuilder();
        /** The payload being delivered: its command, size and bytes forwarded; kind null when none. */
        String payloadKind;

        long payloadSize;
        long payloadOffset;
        /** MV payloads begun on this connection. */
        int moves;
        /** An MV payload was completed and the client has sent nothing since: the delete-confirmation point. */
        boolean afterMove;
        /** BATCH payloads begun on this connection. */
        int batches;
        /** A BATCH payload was completed and the client has sent nothing since: its next line confirms it. */
        boolean afterBatch;
        /** Free for a rule: e.g. the offset at which it cuts this connection. */
        long mark = -1;

        private final List<String> commands;

        Conn(int index, List<String> commands) {
            this.index = index;
            this.commands = commands;
        }

        boolean inPayload() {
            return payloadKind != null;
        }

        private void forwarded(boolean upstream, byte b) {
            if (upstream) {
                upBytes++;
                afterMove = false;
                afterBatch = false;
                if (b == '\n') {
                    linesUp++;
                    commands.add(index + " " + lineUp);
                    lineUp.setLength(0);
                } else {
                    lineUp.append((char) (b & 0xff));
                }
                return;
            }
            downBytes++;
            if (payloadKind != null) {
                if (++payloadOffset == payloadSize) {
                    afterMove = payloadKind.equals("MV");
                    afterBatch = payloadKind.equals("BATCH");
                    payloadKind = null;
                }
            } else if (b == '\n') {
                Matcher m = SIZE.matcher(lineDown);
                if (m.matches() && Long.parseLong(m.group(2)) > 0) {
                    payloadKind = m.group(1);
                    payloadSize = Long.parseLong(m.group(2));
                    payloadOffset = 0;
                    if (payloadKind.equals("MV")) {
                        moves++;
                    } else if (payloadKind.equals("BATCH")) {
                        batches++;
                    }
                }
                lineDown.setLength(0);
            } else {
                lineDown.append((char) (b & 0xff));
            }
        }

        /** Where the next byte in that direction would go: for the record of where cuts fell. */
        String where(boolean upstream) {
            if (upstream) {
                if (lineUp.length() > 0) {
                    return "inside command line '" + lineUp + "'";
                }
                return afterMove
                        ? "after an MV payload, before the next command (delete confirmation)"
                        : "before a command line";
            }
            if (payloadKind != null) {
                return payloadOffset == 0
                        ? "at the start of a " + payloadKind + " payload of " + payloadSize
                        : "inside a " + payloadKind + " payload, byte " + payloadOffset + " of " + payloadSize;
            }
            if (lineDown.length() > 0) {
                return "inside reply line '" + lineDown + "'";
            }
            return afterMove ? "right after an MV payload (client still storing)" : "before a reply line";
        }
    }

    private final ServerSocket listener;
    private final Rule rule;
    private volatile int upstreamPort;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(1);
    /** Where each cut fell, in the order they happened. */
    final List<String> cuts = new CopyOnWriteArrayList<>();
    /** Every command line clients completed, as {@code "<connection> <line>"}, in the order they were forwarded. */
    final List<String> commands = new CopyOnWriteArrayList<>();

    FaultProxy(int upstreamPort, Rule rule) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.rule = rule;
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The server came back elsewhere: new connections go there. */
    void upstream(int port) {
        upstreamPort = port;
    }

    int connections() {
        return connections.get();
    }

    int open() {
        return open.size();
    }

    int held() {
        return held.get();
    }

    /** Cuts every held connection and lets later holds wait again. */
    void releaseHeld() {
        CountDownLatch current = release;
        release = new CountDownLatch(1);
        current.countDown();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Socket server;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            } catch (IOException refused) {
                closeQuietly(client); // The server is down: the client sees the connection end at once.
                continue;
            }
            Link link = new Link(new Conn(connections.incrementAndGet(), commands), client, server);
            open.add(link);
            link.start();
        }
    }

    /** One proxied connection: a pump per direction. */
    private final class Link {
        final Conn conn;
        final Socket client;
        final Socket server;
        private boolean closed;
        private final AtomicInteger pumps = new AtomicInteger(2);

        Link(Conn conn, Socket client, Socket server) {
            this.conn = conn;
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, true), "fault-proxy-up-" + conn.index);
            Thread down = new Thread(() -> pump(server, client, false), "fault-proxy-down-" + conn.index);
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(Socket from, Socket to, boolean upstream) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    int pass = 0;
                    Verdict verdict = Verdict.PASS;
                    String where = null;
                    synchronized (conn) {
                        for (; pass < n; pass++) {
                            verdict = rule.next(conn, upstream);
                            if (verdict == Verdict.CUT_AFTER) {
                                conn.forwarded(upstream, buffer[pass++]);
                            }
                            if (verdict != Verdict.PASS) {
                                where = (upstream ? "client->server " : "server->client ") + conn.where(upstream)
                                        + " (connection " + conn.index + ", "
                                        + (upstream ? conn.upBytes : conn.downBytes) + " bytes in)";
                                break;
                            }
                            conn.forwarded(upstream, buffer[pass]);
                        }
                    }
                    out.write(buffer, 0, pass);
                    out.flush();
                    if (verdict == Verdict.HOLD) {
                        CountDownLatch until = release;
                        held.incrementAndGet();
                        try {
                            until.await(60, TimeUnit.SECONDS);
                        } finally {
                            held.decrementAndGet();
                        }
                    }
                    if (verdict != Verdict.PASS) {
                        cut(where);
                        return;
                    }
                }
                // One side ended: half-close the other, as TCP would carry the FIN.
                to.shutdownOutput();
                if (pumps.decrementAndGet() == 0) {
                    close();
                }
            } catch (IOException | InterruptedException e) {
                close();
            }
        }

        private synchronized void cut(String where) {
            if (!closed) {
                cuts.add(where);
                close();
            }
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                closeQuietly(client);
                closeQuietly(server);
                open.remove(this);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing: nothing to do.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        releaseHeld();
        for (Link link : open) {
            link.close();
        }
    }
}
