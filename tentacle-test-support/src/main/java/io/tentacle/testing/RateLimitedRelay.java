package io.tentacle.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow link in front of a server: one connection, relayed on loopback, the server's bytes
 * delivered to the client at a capped rate. Like a modem's or a proxy's buffer, it takes everything
 * the server writes at once, so the server's writes complete long before the client has the bytes.
 *
 * <pre>{@code
 * try (RateLimitedRelay link = RateLimitedRelay.to(server.port(), 400_000); RawClient c = RawClient.connect(link.port())) { ... }
 * }</pre>
 */
public final class RateLimitedRelay implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final int serverPort;
    private final long bytesPerSecond;
    /** Which bytes the link slows down, and how. */
    private enum Slow {
        /** The server's, buffered here as fast as it sends them. */
        DOWN,
        /** The client's, taken from it no faster than the rate: its socket fills. */
        UP,
        /** The client's, taken at once and passed on at the rate, as a link that acknowledges early does. */
        UP_BUFFERED
    }

    private final Slow slow;
    private final BlockingQueue<byte[]> towardServer = new LinkedBlockingQueue<>();

    private final BlockingQueue<byte[]> towardClient = new LinkedBlockingQueue<>();
    private volatile Socket client;
    private volatile Socket server;

    private RateLimitedRelay(int serverPort, long bytesPerSecond, Slow slow) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.serverPort = serverPort;
        this.bytesPerSecond = bytesPerSecond;
        this.slow = slow;
        Thread accept = new Thread(this::relay, "slow-link");
        accept.setDaemon(true);
        accept.start();
    }

    /** Relays the next connection to the loopback {@code serverPort}, the replies at {@code bytesPerSecond}. */
    public static RateLimitedRelay to(int serverPort, long bytesPerSecond) throws IOException {
        return new RateLimitedRelay(serverPort, bytesPerSecond, Slow.DOWN);
    }

    /**
     * Relays the next connection to the loopback {@code serverPort}, taking the client's bytes no faster than
     * {@code bytesPerSecond} (the replies at once): the client's socket fills as on a slow uplink.
     */
    public static RateLimitedRelay uploadsTo(int serverPort, long bytesPerSecond) throws IOException {
        return new RateLimitedRelay(serverPort, bytesPerSecond, Slow.UP);
    }

    /**
     * As {@link #uploadsTo}, but the client's bytes are taken (and acknowledged by the kernel) at once and
     * passed on at {@code bytesPerSecond}: a satellite modem or a WAN accelerator with a deep buffer.
     */
    public static RateLimitedRelay bufferingUploadsTo(int serverPort, long bytesPerSecond) throws IOException {
        return new RateLimitedRelay(serverPort, bytesPerSecond, Slow.UP_BUFFERED);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void relay() {
        try {
            client = listener.accept();
            server = new Socket();
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
            switch (slow) {
                case UP -> {
                    daemon("slow-link-down", () -> copy(server.getInputStream(), client.getOutputStream()));
                    takeSlowly(client.getInputStream(), server.getOutputStream());
                }
                case UP_BUFFERED -> {
                    daemon("slow-link-down", () -> copy(server.getInputStream(), client.getOutputStream()));
                    daemon("slow-link-buffer", () -> buffer(client.getInputStream(), towardServer));
                    deliverSlowly(towardServer, server);
                }
                case DOWN -> {
                    daemon("slow-link-up", () -> copy(client.getInputStream(), server.getOutputStream()));
                    daemon("slow-link-buffer", () -> buffer(server.getInputStream(), towardClient));
                    deliverSlowly(towardClient, client);
                }
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private static void buffer(InputStream in, BlockingQueue<byte[]> queue) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                queue.add(Arrays.copyOf(buffer, n));
            }
        } finally {
            queue.add(END);
        }
    }

    /** Hands {@code to} the buffered bytes in 4 KiB steps, each no sooner than the rate allows. */
    private void deliverSlowly(BlockingQueue<byte[]> queue, Socket to) throws IOException, InterruptedException {
        OutputStream out = to.getOutputStream();
        long start = System.nanoTime();
        long delivered = 0;
        while (true) {
            byte[] bytes = queue.poll(30, TimeUnit.SECONDS);
            if (bytes == null || bytes == END) {
                to.shutdownOutput();
                return;
            }
            for (int at = 0; at < bytes.length; ) {
                int step = Math.min(4096, bytes.length - at);
                long due = start + (delivered + step) * 1_000_000_000L / bytesPerSecond;
                // Pacing the link, not waiting for an event: this is the rate limit itself.
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                out.write(bytes, at, step);
                at += step;
                delivered += step;
            }
        }
    }

    /** Reads the client's bytes in 4 KiB steps, each no sooner than the rate allows, and passes them on. */
    private void takeSlowly(InputStream in, OutputStream out) throws IOException {
        long start = System.nanoTime();
        long taken = 0;
        byte[] step = new byte[4096];
        for (int n; (n = in.read(step)) > 0; ) {
            taken += n;
            long due = start + taken * 1_000_000_000L / bytesPerSecond;
            // Pacing the link, not waiting for an event: this is the rate limit itself.
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            out.write(step, 0, n);
            out.flush();
        }
        server.shutdownOutput();
    }

    private interface Job {
        void run() throws IOException;
    }

    private void daemon(String name, Job job) {
        Thread thread = new Thread(
                () -> {
                    try {
                        job.run();
                    } catch (IOException e) {
                        // The connection ended; the other side sees it as a close.
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            out.flush();
        }
        out.close();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {client, server, listener}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Closing anyway.
            }
        }
    }
}
