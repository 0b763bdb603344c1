package io.tentacle.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw Tentacle connection for what the reference client cannot send: LS, MV, DEL and hostile input. */
final class Wire implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static Wire connect(int port) throws IOException {
        return new Wire(new Socket("127.0.0.1", port));
    }

    Wire line(String line) throws IOException {
        return raw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Wire raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line without its \n; null when the server closed the connection. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    String ask(String line) throws IOException {
        line(line);
        return readLine();
    }

    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** True when the server closes the connection (EOF or reset) before the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // Reset.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
