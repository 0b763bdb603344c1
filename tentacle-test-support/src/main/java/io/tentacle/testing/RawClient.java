package io.tentacle.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A protocol-level test client: raw lines and bytes over a socket, nothing of the protocol built in.
 * Every read waits at most {@link #timeout(Duration)} (5 s by default) and then fails the test with
 * {@link SocketTimeoutException}, so a server that stalls cannot hang the build.
 *
 * <pre>{@code
 * try (RawClient c = RawClient.connect(server.port())) {
 *     c.writeLine("SEND <a.data> SIZE 3");
 *     assertThat(c.readLine()).isEqualTo("SEND OK");
 *     c.write("abc".getBytes());
 *     assertThat(c.readLine()).isEqualTo("SEND OK");
 * }
 * }</pre>
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        timeout(Duration.ofSeconds(5));
    }

    /** Plain TCP to the loopback address. */
    public static RawClient connect(int port) throws IOException {
        return connectFrom(null, port);
    }

    /** Plain TCP to the loopback address from {@code local} (another 127.x address is another client host). */
    public static RawClient connectFrom(InetAddress local, int port) throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setTcpNoDelay(true);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** TLS to the loopback address; the handshake is done before this returns (or it throws). */
    public static RawClient connectTls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** How long each read may wait. */
    public RawClient timeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code line} and a {@code \n}. */
    public RawClient writeLine(String line) throws IOException {
        return write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public RawClient write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line without its {@code \n}; {@link EOFException} when the peer closes first. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        "connection closed by the peer after '" + line.toString(StandardCharsets.UTF_8) + "'");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Exactly {@code n} bytes; {@link EOFException} when the peer closes first. */
    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("connection closed by the peer after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /**
     * Waits up to the read timeout for the peer to close the connection. True when it did (end of
     * stream or reset); false when it stayed open. Bytes the peer sends meanwhile are skipped.
     */
    public boolean isClosedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // Skip whatever the peer still says before closing.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException | SSLException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
