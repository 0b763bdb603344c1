package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.tentacle.storage.Filters;
import io.tentacle.testing.TestPki;
import io.tentacle.testing.Tools;
import io.tentacle.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server against peers we did not write: Debian's Perl {@code tentacle_client} 0.3.0 and
 * {@code openssl s_client}. Skipped only where the program is not installed.
 */
class InteropTest extends ServerTestSupport {
    @TempDir
    Path work;

    @BeforeEach
    void spoolIsItsOwnDirectory() throws Exception {
        dir = Files.createDirectories(dir.resolve("spool"));
    }

    @Test
    void perlClientSendsFiles() throws Exception {
        Tools.require("tentacle_client");
        start(b -> b.filters(Filters.parse("\\.conf$:conf")));
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        Files.write(work.resolve("agent.data"), data);
        Files.writeString(work.resolve("agent.conf"), "agent_name agent\n");
        tentacleClient("agent.data", "agent.conf").assertSuccess();
        assertThat(dir.resolve("agent.data")).hasBinaryContent(data);
        assertThat(dir.resolve("conf/agent.conf")).hasContent("agent_name agent\n");

        Tools.Result again = tentacleClient("agent.data");
        assertThat(again.exitCode()).as(again.output()).isNotZero();
    }

    @Test
    void perlClientGetsFiles() throws Exception {
        Tools.require("tentacle_client");
        Files.writeString(dir.resolve("agent.conf"), "agent_name agent\n");
        start(b -> {});
        tentacleClient("-g", "agent.conf").assertSuccess();
        assertThat(work.resolve("agent.conf")).hasContent("agent_name agent\n");
        assertThat(dir.resolve("agent.conf")).exists();

        Tools.Result missing = tentacleClient("-g", "missing.conf");
        assertThat(missing.exitCode()).as(missing.output()).isNotZero();
        assertThat(work.resolve("missing.conf")).doesNotExist();
    }

    @Test
    void perlClientAuthenticatesWithAPassword() throws Exception {
        Tools.require("tentacle_client");
        Files.writeString(work.resolve("a.data"), "a");
        start(b -> b.password("secret"));
        Tools.Result wrong = tentacleClient("-x", "wrong", "a.data");
        assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
        assertThat(allFiles()).isEmpty();
        tentacleClient("-x", "secret", "a.data").assertSuccess();
        assertThat(dir.resolve("a.data")).hasContent("a");
    }

    /**
     * Client 0.3.0 passes its verify mode to IO::Socket::SSL as a string, which current versions
     * refuse, so its {@code -e} and {@code -f} options fail before connecting. Its {@code -c} mode takes
     * IO::Socket::SSL's defaults, so we set them (CA, certificate, key) and run the unchanged script.
     */
    @Test
    void perlClientOverTlsWithCertificates() throws Exception {
        Tools.require("tentacle_client");
        TestPki pki = TestPki.create(work.resolve("pki"));
        SslContext tls = TlsContexts.forServer(
                pki.server().certificate(), pki.server().key(), null, pki.caCertificate(), List.of(), List.of());
        start(b -> b.tls(tls));
        Files.writeString(work.resolve("a.data"), "over tls");
        perlClientWithTlsDefaults(pki, pki.client(), "a.data").assertSuccess();
        assertThat(dir.resolve("a.data")).hasContent("over tls");

        Files.writeString(work.resolve("b.data"), "foreign certificate");
        Tools.Result foreign = perlClientWithTlsDefaults(pki, pki.foreignClient(), "b.data");
        assertThat(foreign.exitCode()).as(foreign.output()).isNotZero();
        assertThat(dir.resolve("b.data")).doesNotExist();
    }

    private Tools.Result perlClientWithTlsDefaults(TestPki pki, TestPki.Identity client, String file) throws Exception {
        String script =
                "use IO::Socket::SSL; IO::Socket::SSL::set_defaults(SSL_ca_file => shift, SSL_cert_file => shift,"
                        + " SSL_key_file => shift); do '/usr/bin/tentacle_client'; die $@ if $@;";
        return Tools.run(
                work,
                Duration.ofSeconds(30),
                List.of(
                        "perl",
                        "-e",
                        script,
                        pki.caCertificate().toString(),
                        client.certificate().toString(),
                        client.key().toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port()),
                        "-v",
                        "-c",
                        file));
    }

    @Test
    void opensslClientSendsOverTls() throws Exception {
        Tools.require("openssl");
        TestPki pki = TestPki.create(work.resolve("pki"));
        SslContext tls = TlsContexts.forServer(
                pki.server().certificate(), pki.server().key(), null, pki.caCertificate(), List.of(), List.of());
        start(b -> b.tls(tls));
        Path input = work.resolve("input");
        Files.writeString(input, "SEND <o.data> SIZE 5\nhelloQUIT\n");

        Tools.Result result = sClient(
                input,
                pki,
                "-cert",
                pki.client().certificate().toString(),
                "-key",
                pki.client().key().toString());
        assertThat(result.output()).contains("verify return:1").endsWith("SEND OK\nSEND OK\n");
        assertThat(dir.resolve("o.data")).hasContent("hello");

        Files.writeString(input, "SEND <p.data> SIZE 5\nhelloQUIT\n");
        Tools.Result anonymous = sClient(input, pki);
        assertThat(anonymous.output()).doesNotContain("SEND OK");
        assertThat(dir.resolve("p.data")).doesNotExist();
    }

    private Tools.Result sClient(Path input, TestPki pki, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port(),
                "-CAfile",
                pki.caCertificate().toString(),
                "-verify_return_error",
                "-quiet"));
        command.addAll(List.of(extra));
        return Tools.run(work, input, Duration.ofSeconds(30), command);
    }

    private Tools.Result tentacleClient(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("tentacle_client", "-a", "127.0.0.1", "-p", Integer.toString(port()), "-v"));
        command.addAll(List.of(args));
        return Tools.run(work, Duration.ofSeconds(30), command);
    }
}
