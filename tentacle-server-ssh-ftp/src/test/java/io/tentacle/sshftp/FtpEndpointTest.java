package io.tentacle.sshftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's ftp fed the agent's commands, and curl (FTP and FTPS), against the FTP endpoint. */
class FtpEndpointTest {
    private static final String PASSWORD = "s3cret";

    @TempDir
    Path dir;

    private Endpoints endpoints;
    private FtpEndpoint ftp;
    private Path file;

    private void start(SSLContext tls) throws Exception {
        start(tls, ServerConfig.builder().maxSize(100_000));
    }

    private void start(SSLContext tls, ServerConfig.Builder config) throws Exception {
        endpoints = new Endpoints(dir, config);
        ftp = FtpEndpoint.start(
                endpoints.endpoint,
                new FtpSettings(
                        List.of(InetAddress.getLoopbackAddress()),
                        0,
                        "pandora",
                        PASSWORD,
                        null,
                        tls,
                        Duration.ofSeconds(30)));
        file = Files.writeString(dir.resolve("0123abcd.1700000000.data"), "<agent_data/>\n".repeat(100));
    }

    @AfterEach
    void stop() {
        if (ftp != null) {
            ftp.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    /** What pandora_agent feeds to {@code ftp -n <ip> <port>}. */
    private Programs.Result agentFtp(String password, String serverPath, String extra) throws Exception {
        return agentFtp(password, serverPath, extra, false);
    }

    /** With {@code verbose}, ftp also prints the server's replies (-v); the commands are the same. */
    private Programs.Result agentFtp(String password, String serverPath, String extra, boolean verbose)
            throws Exception {
        String commands = "quote USER pandora\nquote PASS " + password + "\ncd " + serverPath + "\n" + extra + "put "
                + file.getFileName() + "\nquit\n";
        List<String> command = new java.util.ArrayList<>(List.of("ftp", "-n", "127.0.0.1", String.valueOf(ftp.port())));
        if (verbose) {
            command.add(1, "-v");
        }
        return Programs.run(dir, commands, command);
    }

    @Test
    void theAgentsFtpCommandsStoreTheFile() throws Exception {
        Programs.require("ftp");
        start(null);
        agentFtp(PASSWORD, "/var/spool/pandora/data_in", "");
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
        assertThat(Files.readString(endpoints.spool.resolve(file.getFileName())))
                .isEqualTo(Files.readString(file));
        assertThat(endpoints.stored)
                .extracting(s -> s.name())
                .containsExactly(file.getFileName().toString());
    }

    @Test
    void listingAWrongPasswordAndAPathOutsideAreRefused() throws Exception {
        Programs.require("ftp");
        start(null);
        Files.writeString(endpoints.spool.resolve("already.data"), "x");
        Programs.Result listed = agentFtp(
                PASSWORD,
                "/var/spool/pandora/data_in",
                "ls\nnlist\nget already.data\ndelete already.data\nmkdir d\n",
                true);
        assertThat(listed.output())
                .contains(
                        "550 LIST refused",
                        "550 NLST refused",
                        "550 RETR refused",
                        "550 DELE refused",
                        "550 MKD refused");
        assertThat(agentFtp("wrong", "/var/spool/pandora/data_in", "", true).output())
                .contains("530");
        assertThat(agentFtp(PASSWORD, "/etc", "", true).output()).contains("550");
        // Only the first session's put stored a file; after "cd /etc" was refused, put met the existing name (no -o).
        assertThat(endpoints.files())
                .containsExactlyInAnyOrder("already.data", file.getFileName().toString());
        assertThat(endpoints.stored).hasSize(1);
    }

    @Test
    void curlUploadsOverFtpAndAFilePastMaxSizeLeavesNothing() throws Exception {
        Programs.require("curl");
        start(null);
        String url = "ftp://127.0.0.1:" + ftp.port() + "/var/spool/pandora/data_in/";
        Programs.Result result = Programs.run(
                dir, null, List.of("curl", "-sS", "-u", "pandora:" + PASSWORD, "-T", file.toString(), url));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
        Path big = Files.write(dir.resolve("big.data"), new byte[300_000]);
        Programs.Result tooBig =
                Programs.run(dir, null, List.of("curl", "-sS", "-u", "pandora:" + PASSWORD, "-T", big.toString(), url));
        assertThat(tooBig.exit()).as(tooBig.output()).isNotZero();
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
        Programs.Result outside = Programs.run(
                dir,
                null,
                List.of(
                        "curl",
                        "-sS",
                        "-u",
                        "pandora:" + PASSWORD,
                        "-T",
                        file.toString(),
                        "ftp://127.0.0.1:" + ftp.port() + "/etc/"));
        assertThat(outside.exit()).isNotZero();
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
    }

    @Test
    void aLoggedInSessionHoldsATentacleSessionPlace() throws Exception {
        Programs.require("curl");
        // One place; a client may wait 3 s for it: long enough for a place being released, short for the refused one.
        start(
                null,
                ServerConfig.builder()
                        .maxSize(100_000)
                        .maxSessions(1)
                        .maxWaiting(1)
                        .maxWait(java.time.Duration.ofSeconds(3)));
        try (Socket holder = new Socket(InetAddress.getLoopbackAddress(), ftp.port())) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.US_ASCII);
            assertThat(in.readLine()).startsWith("220");
            out.write("USER pandora\r\nPASS " + PASSWORD + "\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("331");
            assertThat(in.readLine()).startsWith("230"); // Logged in: it holds the one place.
            String url = "ftp://127.0.0.1:" + ftp.port() + "/";
            Programs.Result refused = Programs.run(
                    dir, null, List.of("curl", "-sS", "-u", "pandora:" + PASSWORD, "-T", file.toString(), url));
            assertThat(refused.exit()).as(refused.output()).isNotZero();
            assertThat(endpoints.files()).isEmpty();
            out.write("QUIT\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("221");
            assertThat(in.read()).isEqualTo(-1); // Closed: the place is free again.
        }
        Programs.Result stored = Programs.run(
                dir,
                null,
                List.of(
                        "curl",
                        "-sS",
                        "-u",
                        "pandora:" + PASSWORD,
                        "-T",
                        file.toString(),
                        "ftp://127.0.0.1:" + ftp.port() + "/"));
        assertThat(stored.exit()).as(stored.output()).isZero();
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
    }

    @Test
    void curlUploadsOverExplicitFtps() throws Exception {
        Programs.require("curl");
        Programs.require("openssl");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Programs.Result made = Programs.run(
                dir,
                null,
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-subj",
                        "/CN=localhost",
                        "-days",
                        "2"));
        assertThat(made.exit()).as(made.output()).isZero();
        start(PemTls.serverContext(cert.toFile(), key.toFile(), null));
        Programs.Result result = Programs.run(
                dir,
                null,
                List.of(
                        "curl",
                        "-sS",
                        "--ssl-reqd",
                        "-k",
                        "-u",
                        "pandora:" + PASSWORD,
                        "-T",
                        file.toString(),
                        "ftp://127.0.0.1:" + ftp.port() + "/"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(endpoints.files()).containsExactly(file.getFileName().toString());
    }
}
