package io.tentacle.server.cli;

import static io.tentacle.server.cli.OptionsTest.execute;
import static io.tentacle.server.cli.OptionsTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The -F file: every key of the reference, its precedence under flags, and errors that name the line. */
class ConfigFileTest {
    /** A copy of the shared fixture /work/shared/fixtures/tentacle_server.conf. */
    static final Path FIXTURE = Path.of("src/test/resources/tentacle_server.conf");

    @TempDir
    Path dir;

    Path spool;

    @BeforeEach
    void setUp() throws IOException {
        spool = Files.createDirectories(dir.resolve("spool"));
    }

    Path conf(String... lines) throws IOException {
        return Files.writeString(dir.resolve("tentacle_server.conf"), String.join("\n", lines) + "\n");
    }

    String[] args(Path conf, String... more) {
        return Stream.concat(Stream.of("-F", conf.toString()), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theShippedFixtureLoads() throws IOException {
        Path fixture = FIXTURE;
        // Its directory (/var/spool/pandora/data_in) is not on a build machine; -s wins over the key.
        LaunchPlan plan = plan("-F", fixture.toString(), "-s", spool.toString());
        ServerConfig c = plan.server();
        assertThat(c.addresses()).containsExactly(InetAddress.getByName("0.0.0.0"));
        assertThat(c.port()).isEqualTo(41121);
        assertThat(c.directory()).isEqualTo(spool.toAbsolutePath());
        assertThat(c.filters().rules()).hasSize(5);
        assertThat(c.filters().directoryFor("x.rcmd")).isEqualTo("commands");
        assertThat(c.filters().directoryFor("x.lock")).isEqualTo("trans");
        assertThat(plan.daemon()).isTrue();
        assertThat(plan.logFile()).isEqualTo(Path.of("/dev/null"));
        assertThat(plan.warnings()).isEmpty();
        assertThat(c.tls()).isNull();
    }

    @Test
    void theFixturesMissingDirectoryIsReportedWithItsLine() throws IOException {
        // The fixture's own directory exists wherever the packages were installed: point it elsewhere, same line.
        Path missing = dir.resolve("missing/data_in");
        Path conf = Files.writeString(
                dir.resolve("fixture.conf"),
                Files.readString(FIXTURE).replace("/var/spool/pandora/data_in", missing.toString()));
        OptionsTest.Run run = execute("-F", conf.toString(), "--check-config");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("tentacle-server: " + conf + " line 13, key 'directory': directory " + missing
                        + " does not exist");
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                key("addresses 127.0.0.1", c -> c.server().addresses().toString(), "[/127.0.0.1]"),
                key("port 5000", c -> c.server().port(), 5000),
                key("max_connections 3", c -> c.server().maxSessions(), 3),
                key("max_connections_per_address 40", c -> c.server().maxSessionsPerAddress(), 40),
                key("daemon 1", LaunchPlan::daemon, true),
                key("daemon 0", LaunchPlan::daemon, false),
                key("insecure 1", c -> c.server().insecure(), true),
                key("batch_version 1", c -> c.server().batchVersion(), 1),
                key("insecure 0", c -> c.server().insecure(), false),
                key(
                        "filters .*\\.conf:conf;.*\\.md5:md5",
                        c -> c.server().filters().toString(),
                        ".*\\.conf:conf;.*\\.md5:md5"),
                key("max_size 100", c -> c.server().maxSize(), 100L),
                key("overwrite 1", c -> c.server().overwrite(), true),
                key("quiet 1", LaunchPlan::verbosity, Verbosity.QUIET),
                key("quiet 0", LaunchPlan::verbosity, Verbosity.NORMAL),
                key("retries 5", c -> c.server().idleTimeouts(), 5),
                key("proxy_ip 10.0.0.1", c -> c.server().upstream().host(), "10.0.0.1"),
                key("timeout 7", c -> c.server().timeout(), Duration.ofSeconds(7)),
                key("verbose 0", LaunchPlan::verbosity, Verbosity.NORMAL),
                key("verbose 1", LaunchPlan::verbosity, Verbosity.VERBOSE),
                key("verbose 2", LaunchPlan::verbosity, Verbosity.TRANSFERS),
                key("log_file /var/log/tentacle.log", LaunchPlan::logFile, Path.of("/var/log/tentacle.log")),
                key("password s3cret", c -> c.server().password(), "s3cret"),
                key("ssl_password 0", c -> c.server().tls(), null),
                key("use_libwrap 0", c -> c.server().tls(), null),
                key("ssl_version TLSv1_3", c -> c.warnings().get(0).endsWith("ignored: TLS is off (no -e)"), true),
                key("ssl_cipher AES256-SHA", c -> c.warnings().get(0).endsWith("ignored: TLS is off (no -e)"), true),
                key("block_size 8192", c -> c.server().maxLineLength(), 8192),
                key("invalid_chars \\?\\*", c -> c.server().names().invalidChars(), "?*/"),
                key("fsync 1", c -> c.server().fsync(), true));
    }

    private static Arguments key(String line, Function<LaunchPlan, Object> property, Object expected) {
        return Arguments.of(line, property, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void keySetsItsSetting(String line, Function<LaunchPlan, Object> property, Object expected) throws IOException {
        assertThat(property.apply(plan(args(conf("directory " + spool, line))))).isEqualTo(expected);
    }

    @Test
    void proxyPortAndDirectoryKeys() throws IOException {
        LaunchPlan plan = plan(args(conf("proxy_ip 127.0.0.1", "proxy_port 5001")));
        assertThat(plan.server().upstream()).isEqualTo(new ServerConfig.Upstream("127.0.0.1", 5001, null));
        assertThat(plan(args(conf("directory " + spool))).server().directory()).isEqualTo(spool.toAbsolutePath());
    }

    @Test
    void tlsKeys() throws IOException {
        TestCerts pki = TestCerts.get();
        LaunchPlan plan = plan(args(conf(
                "directory " + spool,
                "ssl_cert " + pki.serverCert,
                "ssl_key " + pki.serverKey,
                "ssl_ca " + pki.ca,
                "ssl_version TLSv1_2",
                "ssl_cipher ECDHE-ECDSA-AES256-GCM-SHA384")));
        assertThat(plan.server().tls()).isNotNull();
        assertThat(plan.features()).anyMatch(f -> f.startsWith("TLS TLSv1.2, client certificates signed by"));
    }

    @Test
    void sslPasswordOneMeansPrompt() throws IOException {
        TestCerts pki = TestCerts.get();
        LaunchPlan plan = OptionsTest.plan(
                p -> TestCerts.KEY_PASSWORD,
                args(conf(
                        "directory " + spool,
                        "ssl_cert " + pki.serverCert,
                        "ssl_key " + pki.serverKeyEncrypted,
                        "ssl_password 1")));
        assertThat(plan.server().tls()).isNotNull();
    }

    @Test
    void aFlagWinsOverAKey() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path conf = conf(
                "directory " + spool,
                "port 5000",
                "max_connections 3",
                "filters a:b",
                "max_size 10",
                "retries 5",
                "timeout 7",
                "password fromfile",
                "log_file /tmp/a.log",
                "addresses 127.0.0.1",
                "verbose 2");
        LaunchPlan plan = plan(args(
                conf,
                "-s",
                other.toString(),
                "-p",
                "6000",
                "-c",
                "4",
                "-i",
                "c:d",
                "-m",
                "20",
                "-r",
                "6",
                "-t",
                "8",
                "-x",
                "fromflag",
                "-l",
                "/tmp/b.log",
                "-a",
                "::1",
                "-q"));
        ServerConfig c = plan.server();
        assertThat(c.directory()).isEqualTo(other.toAbsolutePath());
        assertThat(c.port()).isEqualTo(6000);
        assertThat(c.maxSessions()).isEqualTo(4);
        assertThat(c.filters().toString()).isEqualTo("c:d");
        assertThat(c.maxSize()).isEqualTo(20);
        assertThat(c.idleTimeouts()).isEqualTo(6);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.password()).isEqualTo("fromflag");
        assertThat(plan.logFile()).isEqualTo(Path.of("/tmp/b.log"));
        assertThat(c.addresses()).hasSize(1).allMatch(a -> a.getHostAddress().startsWith("0:0:0:0:0:0:0:1"));
        assertThat(plan.verbosity()).isEqualTo(Verbosity.QUIET);
    }

    @Test
    void aFlagTurnsOnWhatAKeyLeavesOff() throws IOException {
        LaunchPlan plan =
                plan(args(conf("directory " + spool, "insecure 0", "overwrite 0", "daemon 0"), "-I", "-o", "-d"));
        assertThat(plan.server().insecure()).isTrue();
        assertThat(plan.server().overwrite()).isTrue();
        assertThat(plan.daemon()).isTrue();
        assertThat(plan(args(conf("directory " + spool, "daemon 1"), "--foreground"))
                        .daemon())
                .isFalse();
    }

    @Test
    void verboseFlagOverridesQuietKey() throws IOException {
        assertThat(plan(args(conf("directory " + spool, "quiet 1"), "-v")).verbosity())
                .isEqualTo(Verbosity.VERBOSE);
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("port abc", "line 2, key 'port': 'abc' is not a port number (1-65535)"),
                Arguments.of("port 41121 # default", "line 2, key 'port': '41121 # default' is not a port number"),
                Arguments.of("max_connections 0", "line 2, key 'max_connections': '0' is not a number of connections"),
                Arguments.of("daemon maybe", "line 2, key 'daemon': 'maybe' is not 1 or 0"),
                Arguments.of("filters nocolon", "line 2, key 'filters': filter 'nocolon' has no ':'"),
                Arguments.of("filters (:x", "line 2, key 'filters': filter '(:x' has a bad regex"),
                Arguments.of("max_size -5", "line 2, key 'max_size': '-5' is not a size in bytes"),
                Arguments.of("retries many", "line 2, key 'retries': 'many' is not a number of retries"),
                Arguments.of("timeout 0", "line 2, key 'timeout': '0' is not a timeout"),
                Arguments.of("verbose 3", "line 2, key 'verbose': '3' is not 0, 1 or 2"),
                Arguments.of("ssl_cert /no/cert.pem", "line 2, key 'ssl_cert': file /no/cert.pem does not exist"),
                Arguments.of("ssl_ca /etc/hostname", "line 2, key 'ssl_ca': needs a certificate (-e or ssl_cert)"),
                Arguments.of(
                        "use_libwrap 1",
                        "line 2, key 'use_libwrap': tcpwrappers are not supported: restrict clients with firewall rules"),
                Arguments.of("addresses 1.2.3.4.5", "line 2, key 'addresses': cannot resolve address '1.2.3.4.5'"),
                Arguments.of("block_size 2", "line 2, key 'block_size': '2' is not a block size"),
                Arguments.of(
                        "max_connections_per_address 0",
                        "line 2, key 'max_connections_per_address': '0' is not a number of connections"),
                Arguments.of("proxy_port 70000", "line 2, key 'proxy_port' ignored"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void badValueNamesKeyAndLine(String line, String message) throws IOException {
        Path conf = conf("directory " + spool, line);
        if (message.endsWith("ignored")) {
            assertThat(plan(args(conf)).warnings())
                    .singleElement()
                    .asString()
                    .isEqualTo(conf + " " + message + ": no proxy address (-b) is set");
            return;
        }
        OptionsTest.Run run = execute(args(conf));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("tentacle-server: " + conf + " " + message);
    }

    @Test
    void commentsBlankLinesAndValuelessKeysAreSkipped() throws IOException {
        Path conf = conf(
                "# a comment",
                "  port 1",
                "",
                "quiet",
                "directory " + spool,
                "\tport 2",
                "port 5000",
                "port 5001",
                "frobnicate 1");
        LaunchPlan plan = plan(args(conf));
        assertThat(plan.server().port())
                .as("the last line wins, indented lines are comments")
                .isEqualTo(5001);
        assertThat(plan.warnings())
                .containsExactly(
                        conf + " line 9: unknown key 'frobnicate' ignored", conf + " line 4 has no value; ignored");
    }

    @Test
    void flagsAndKeysNameTheirSourceInTheSameWay() throws IOException {
        assertThat(OptionsTest.usageError("-s", spool.toString(), "-p", "x"))
                .isEqualTo("tentacle-server: option -p/--port: 'x' is not a port number (1-65535)");
        Path conf = conf("directory " + spool, "port x");
        assertThat(OptionsTest.usageError("-F", conf.toString()))
                .isEqualTo("tentacle-server: " + conf + " line 2, key 'port': 'x' is not a port number (1-65535)");
    }
}
