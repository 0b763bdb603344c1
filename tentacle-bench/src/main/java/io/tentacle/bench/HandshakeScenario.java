package io.tentacle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Scenario 4, TLS handshakes: new connections, each a full handshake (the client forgets every
 * session, as separate agent processes do) and one small file. Plain blocking sockets, a few at a time.
 */
final class HandshakeScenario {
    private static final byte[] PAYLOAD = new byte[100];

    private HandshakeScenario() {}

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        double ours = handshakes(run, ServerUnderTest.Kind.OURS);
        Double ref = run.referenceOrNull(() -> handshakes(run, ServerUnderTest.Kind.REFERENCE));
        double refRate = ref == null ? Double.NaN : ref;
        double rsa = run.limits().rsaSign();
        run.results()
                .add(new Results.Row(
                        "4 TLS handshakes, " + s.handshakes() + " x (connect + 100 B file), " + s.handshakeConcurrency()
                                + " at a time",
                        "connections/s",
                        Results.num(ours),
                        Results.num(refRate),
                        Results.ratio(ours, refRate),
                        "RSA-2048 signs 1 core " + Results.num(rsa) + "/s (" + Results.percent(ours, rsa) + ")",
                        "-",
                        "-",
                        run.load()));
    }

    private static double handshakes(Run run, ServerUnderTest.Kind kind) throws Exception {
        Settings s = run.settings();
        var pki = run.pki();
        ServerUnderTest.Spec spec = new ServerUnderTest.Spec(
                run.freshDirectory("tls-" + kind.name().toLowerCase()),
                2_000_000,
                s.handshakeConcurrency(),
                pki.server().certificate(),
                pki.server().key());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        SSLSocketFactory factory = context.getSocketFactory();
        try (ServerUnderTest server = ServerUnderTest.start(kind, spec, s)) {
            int total = s.handshakes();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(s.handshakeConcurrency());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.quick() ? 30 : 60);
            long start = System.nanoTime();
            for (int t = 0; t < s.handshakeConcurrency(); t++) {
                pool.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < total && System.nanoTime() < deadline; ) {
                        try {
                            sendOne(factory, server.port(), "tls-" + i + ".data");
                            done.incrementAndGet();
                        } catch (IOException e) {
                            if (errors.incrementAndGet() <= 5) {
                                run.note(kind + " TLS connection " + i + ": " + e);
                            }
                        }
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(s.quick() ? 60 : 120, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (errors.get() > 0 || done.get() < total) {
                run.note(kind + ": " + done.get() + " of " + total + " TLS connections completed, " + errors.get()
                        + " errors");
            }
            return done.get() / seconds;
        }
    }

    private static void sendOne(SSLSocketFactory factory, int port, String name) throws IOException {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
                SSLSocket socket = (SSLSocket) factory.createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            socket.getSession().invalidate(); // No resumption: every connection pays a full handshake.
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("SEND <" + name + "> SIZE " + PAYLOAD.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, "SEND OK");
            out.write(PAYLOAD);
            out.flush();
            expect(in, "SEND OK");
            out.write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static void expect(InputStream in, String line) throws IOException {
        StringBuilder got = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0 || got.length() > 200) {
                throw new IOException("connection closed after '" + got + "', expected '" + line + "'");
            }
            got.append((char) c);
        }
        if (!got.toString().equals(line)) {
            throw new IOException("got '" + got + "', expected '" + line + "'");
        }
    }

    /** The generator measures servers; it does not check their certificate. */
    private static final class TrustAll implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
