package io.tentacle.sync.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remote that says whatever its script says: a raw socket server on loopback, one thread per
 * connection, nothing of the protocol built in. For hostile or scripted remotes the puller must survive.
 */
final class FakeRemote implements AutoCloseable {
    /** What the remote does with one connection. */
    interface Script {
        void serve(Conversation c) throws IOException;
    }

    /** One connection, line by line. */
    static final class Conversation {
        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The next line without its \n, or null when the puller closed the connection. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return null;
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        void writeLine(String line) throws IOException {
            write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-remote");
        t.setDaemon(true);
        return t;
    });

    FakeRemote(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    threads.execute(() -> {
                        try (connection) {
                            script.serve(new Conversation(connection));
                        } catch (IOException e) {
                            // The puller hung up: nothing more to say.
                        }
                    });
                } catch (IOException e) {
                    return; // Closed.
                }
            }
        });
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
