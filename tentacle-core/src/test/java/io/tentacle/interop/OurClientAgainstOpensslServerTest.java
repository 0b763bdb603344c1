package io.tentacle.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.client.ClientConfig;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.client.TentacleException;
import io.tentacle.testing.TestPki;
import io.tentacle.testing.Tools;
import io.tentacle.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our TLS client against OpenSSL's {@code s_server}, a TLS stack we did not write, playing the
 * server's side of a SEND by hand: what our client writes appears on its output, what we type on its
 * input goes back to the client.
 */
class OurClientAgainstOpensslServerTest {
    @TempDir
    Path dir;

    @Test
    void sendsAFileOverMutualTlsToOpenssl() throws Exception {
        Tools.require("openssl");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (OpensslServer server = OpensslServer.start(pki.server(), pki.caCertificate());
                TentacleClient client = new TentacleClient(ClientConfig.builder("localhost")
                        .port(server.port)
                        .tls(TlsContexts.forClient(
                                pki.client().certificate(),
                                pki.client().key(),
                                null,
                                pki.caCertificate(),
                                List.of(),
                                List.of()))
                        .build());
                TentacleConnection connection = client.connect()) {
            Path file = Files.writeString(dir.resolve("a.data"), "abc\n");
            CompletableFuture<Void> sent = connection.sendAsync(file);

            server.awaitLine("SEND <a.data> SIZE 4");
            server.type("SEND OK");
            server.awaitLine("abc");
            server.type("SEND OK");
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesOpensslPresentingACertificateFromAnotherCa() throws Exception {
        Tools.require("openssl");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (OpensslServer server = OpensslServer.start(pki.server(), null);
                TentacleClient client = new TentacleClient(ClientConfig.builder("localhost")
                        .port(server.port)
                        .tls(TlsContexts.forClient(null, null, null, pki.foreignCaCertificate(), List.of(), List.of()))
                        .build())) {
            assertThatThrownBy(client::connect).isInstanceOf(TentacleException.TlsFailed.class);
        }
    }

    /** {@code openssl s_server} on a free loopback port, its output read line by line. */
    private static final class OpensslServer implements AutoCloseable {
        final int port;
        private final Process process;
        private final OutputStream input;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private OpensslServer(int port, Process process) {
            this.port = port;
            this.process = process;
            this.input = process.getOutputStream();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = out.readLine()) != null; ) {
                                lines.add(line);
                            }
                        } catch (IOException ended) {
                            // The process is gone; awaitLine reports what was missing.
                        }
                    },
                    "s_server-output");
            reader.setDaemon(true);
            reader.start();
        }

        static OpensslServer start(TestPki.Identity identity, Path clientCa) throws IOException, InterruptedException {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(
                    "openssl",
                    "s_server",
                    "-accept",
                    "127.0.0.1:" + port,
                    "-cert",
                    identity.certificate().toString(),
                    "-key",
                    identity.key().toString()));
            if (clientCa != null) {
                command.addAll(List.of("-CAfile", clientCa.toString(), "-Verify", "1"));
            }
            OpensslServer server = new OpensslServer(
                    port, new ProcessBuilder(command).redirectErrorStream(true).start());
            server.awaitLine("ACCEPT");
            return server;
        }

        void awaitLine(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                if (line.equals(expected)) {
                    return;
                }
                seen.append(line).append('\n');
            }
            assertThat(seen.toString())
                    .as("s_server output while waiting for '%s'", expected)
                    .contains(expected);
        }

        void type(String line) throws IOException {
            input.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            input.flush();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
