package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.testing.RawClient;
import io.tentacle.testing.ServerProcess;
import io.tentacle.testing.TestPki;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads in the log of a real server process: each event once, in its own words;
 * and where the server listens, said alike by the start line and --check-config.
 */
class OneLinePerEventTest {
    private static final Pattern LISTENING = Pattern.compile("listening on ([^;]+);");

    @TempDir
    Path tmp;

    private static long count(String output, String text) {
        return output.lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void eachRefusedTlsHandshakeIsOneLine() throws Exception {
        TestPki pki = TestPki.create(tmp.resolve("pki"));
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server = CliServer.launch(
                        "-s",
                        spool.toString(),
                        "-v",
                        "-e",
                        pki.server().certificate().toString(),
                        "-k",
                        pki.server().key().toString(),
                        "-f",
                        pki.caCertificate().toString())
                .awaitReady(CliServer.STARTED);
        try {
            assertThat(refused(server.port(), pki.clientContext(null)))
                    .as("no client certificate")
                    .isTrue();
            assertThat(refused(server.port(), pki.clientContext(pki.foreignClient())))
                    .as("certificate of another CA")
                    .isTrue();
            assertThat(refused(server.port(), pki.clientContext(pki.client())))
                    .as("a good certificate")
                    .isFalse();
        } finally {
            server.terminate();
        }
        String log = server.output();
        assertThat(count(log, "TLS handshake failed")).as(log).isEqualTo(2);
        assertThat(count(log, "Closing connection")).as(log).isZero();
        assertThat(count(log, "TLS started")).as(log).isEqualTo(1);
    }

    private static boolean refused(int port, SSLContext context) {
        try (RawClient c = RawClient.connectTls(port, context)) {
            c.writeLine("RECV <none.data>");
            return c.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aPasswordWhereNoneIsSetIsNamedOnce() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server = CliServer.launch("-s", spool.toString(), "-v").awaitReady(CliServer.STARTED);
        try (Wire wire = Wire.connect(server.port())) {
            wire.line("PASS 0123456789abcdef0123456789abcdef");
            assertThat(wire.closedByServer()).isTrue();
        } finally {
            server.terminate();
        }
        String log = server.output();
        assertThat(count(log, "Client sent a password, but this server has none (no -x); closing the connection"))
                .as(log)
                .isEqualTo(1);
        assertThat(log).doesNotContain("Unknown command").doesNotContain("0123456789abcdef");
    }

    @Test
    void zeroAddressMeansIpv4OnlyAndBothOutputsSayIt() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server =
                CliServer.launchOn("0.0.0.0", "-s", spool.toString()).awaitReady(CliServer.STARTED);
        try {
            assertThat(listening(server.output()))
                    .isEqualTo("0.0.0.0:" + server.port())
                    .isEqualTo(checkConfigListening(
                            "-s", spool.toString(), "-a", "0.0.0.0", "-p", String.valueOf(server.port())));
            try (Socket v4 = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
                assertThat(v4.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> new Socket(InetAddress.getByName("::1"), server.port()).close())
                    .as("IPv6 clients are not taken on 0.0.0.0")
                    .isInstanceOf(ConnectException.class);
        } finally {
            server.terminate();
        }
    }

    @Test
    void doubleColonMeansIpv4AndIpv6AndBothOutputsSayIt() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server = CliServer.launchOn("::", "-s", spool.toString()).awaitReady(CliServer.STARTED);
        try {
            assertThat(listening(server.output()))
                    .isEqualTo("[::]:" + server.port())
                    .isEqualTo(checkConfigListening(
                            "-s", spool.toString(), "-a", "::", "-p", String.valueOf(server.port())));
            for (String address : List.of("::1", "127.0.0.1")) {
                try (Wire wire = new Wire(new Socket(InetAddress.getByName(address), server.port()))) {
                    assertThat(wire.ask("RECV <none.data>")).as(address).isEqualTo("RECV ERR (file does not exist)");
                }
            }
        } finally {
            server.terminate();
        }
    }

    @Test
    void withoutAddressBothOutputsSayEveryAddress() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server = CliServer.launchOn(null, "-s", spool.toString()).awaitReady(CliServer.STARTED);
        try {
            assertThat(listening(server.output()))
                    .isEqualTo("[::]:" + server.port())
                    .isEqualTo(checkConfigListening("-s", spool.toString(), "-p", String.valueOf(server.port())));
        } finally {
            server.terminate();
        }
    }

    private static String listening(String output) {
        Matcher m = LISTENING.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    private static String checkConfigListening(String... args) {
        String[] all =
                Stream.concat(Arrays.stream(args), Stream.of("--check-config")).toArray(String[]::new);
        OptionsTest.Run run = OptionsTest.execute(all);
        assertThat(run.exit()).as(run.err()).isZero();
        return listening(run.out());
    }
}
