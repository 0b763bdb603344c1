package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tentacle.server.ServerConfig;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every flag: what it parses to, its defaults, and the one-line error a bad value gets. Nothing is bound. */
class OptionsTest {
    @TempDir
    static Path shared;

    static Path spool;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void createSpool() throws IOException {
        spool = Files.createDirectories(shared.resolve("spool"));
    }

    static Run execute(PasswordPrompt prompt, String... args) {
        TentacleServerCommand command = new TentacleServerCommand();
        if (prompt != null) {
            command.passwordPrompt(prompt);
        }
        CommandLine cl = TentacleServerCommand.commandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run execute(String... args) {
        return execute(null, args);
    }

    static LaunchPlan plan(PasswordPrompt prompt, String... args) {
        TentacleServerCommand command = new TentacleServerCommand();
        if (prompt != null) {
            command.passwordPrompt(prompt);
        }
        TentacleServerCommand.commandLine(command).parseArgs(args);
        return command.resolve();
    }

    static LaunchPlan plan(String... args) {
        return plan(null, args);
    }

    /** Runs the command, expects it to refuse the options, and returns its single error line. */
    static String usageError(String... args) {
        Run run = execute(args);
        assertThat(run.exit())
                .as("exit status of %s: %s", List.of(args), run.err())
                .isEqualTo(2);
        assertThat(run.err().lines()).as("error output").hasSize(1);
        assertThat(run.err())
                .startsWith("tentacle-server: ")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        return run.err().strip();
    }

    static String[] withSpool(String... args) {
        List<String> all = new ArrayList<>(List.of("-s", spool.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void defaultsFollowTheReferenceExceptConnections() {
        LaunchPlan plan = plan("-s", spool.toString());
        ServerConfig c = plan.server();
        assertThat(c.directory()).isEqualTo(spool.toAbsolutePath());
        assertThat(c.addresses()).isEmpty();
        assertThat(c.port()).isEqualTo(41121);
        assertThat(c.maxSessions()).isEqualTo(100);
        assertThat(c.maxSessionsPerAddress())
                .as("the puller's 32 connections fit")
                .isEqualTo(50);
        assertThat(c.maxSize()).isEqualTo(2_000_000);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.idleTimeouts()).isEqualTo(3);
        assertThat(c.maxLineLength()).isEqualTo(1024);
        assertThat(c.insecure()).isFalse();
        assertThat(c.overwrite()).isFalse();
        assertThat(c.fsync()).isFalse();
        assertThat(c.hasPassword()).isFalse();
        assertThat(c.tls()).isNull();
        assertThat(c.upstream()).isNull();
        assertThat(c.filters().isEmpty()).isTrue();
        assertThat(c.names().invalidChars()).isEqualTo(NameRules.REFERENCE_INVALID_CHARS);
        assertThat(plan.verbosity()).isEqualTo(Verbosity.NORMAL);
        assertThat(plan.daemon()).isFalse();
        assertThat(plan.logFile()).isNull();
        assertThat(plan.pidFile()).isNull();
        assertThat(plan.allowRoot()).isFalse();
        assertThat(plan.warnings()).isEmpty();
    }

    static Stream<Arguments> flags() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        return Stream.of(
                flag(c -> c.server().addresses(), List.of(v4), "-a", "127.0.0.1"),
                flag(c -> c.server().addresses(), List.of(v4, v6), "-a", "127.0.0.1, ::1"),
                flag(c -> c.server().addresses(), List.of(v6), "--addresses", "[::1]"),
                flag(c -> c.server().addresses(), List.of(), "-a", "0"),
                flag(c -> c.server().addresses(), List.of(InetAddress.getByName("localhost")), "-a", "localhost"),
                flag(c -> c.server().port(), 5000, "-p", "5000"),
                flag(c -> c.server().port(), 65535, "--port", "65535"),
                flag(c -> c.server().maxSessions(), 7, "-c", "7"),
                flag(c -> c.server().maxSessions(), 7, "--max-connections", "7"),
                flag(c -> c.server().maxSessionsPerAddress(), 3, "--max-connections-per-address", "3"),
                flag(
                        c -> c.features().contains("max connections per address 3"),
                        true,
                        "--max-connections-per-address",
                        "3"),
                flag(LaunchPlan::daemon, true, "-d"),
                flag(LaunchPlan::daemon, true, "--daemon"),
                flag(LaunchPlan::daemon, false, "-d", "--foreground"),
                flag(c -> c.server().insecure(), true, "-I"),
                flag(c -> c.server().insecure(), true, "--insecure"),
                flag(c -> c.server().batchVersion(), 2, "-I"),
                flag(c -> c.server().batchVersion(), 1, "--batch-version", "1"),
                flag(c -> c.server().batches(), false, "--batch-version", "0"),
                flag(c -> c.server().filters().toString(), "a:b", "-i", "a:b"),
                flag(c -> c.server().filters().toString(), "x.*:dir/sub", "--filters", "x.*:dir/sub/"),
                flag(c -> c.logFile(), Path.of("/tmp/t.log"), "-l", "/tmp/t.log"),
                flag(c -> c.logFile(), Path.of("t.log"), "--log-file", "t.log"),
                flag(c -> c.server().maxSize(), 1L, "-m", "1"),
                flag(c -> c.server().maxSize(), 5_000_000_000L, "--max-size", "5000000000"),
                flag(c -> c.server().overwrite(), true, "-o"),
                flag(c -> c.server().overwrite(), true, "--overwrite"),
                flag(LaunchPlan::verbosity, Verbosity.QUIET, "-q"),
                flag(LaunchPlan::verbosity, Verbosity.QUIET, "--quiet", "-V"),
                flag(c -> c.server().idleTimeouts(), 0, "-r", "0"),
                flag(c -> c.server().idleTimeouts(), 9, "--retries", "9"),
                flag(c -> c.server().timeout(), Duration.ofSeconds(30), "-t", "30"),
                flag(c -> c.server().timeout(), Duration.ofSeconds(2), "--timeout", "2"),
                flag(c -> c.server().idleLimit(), Duration.ofSeconds(10), "-t", "5", "-r", "1"),
                flag(LaunchPlan::verbosity, Verbosity.VERBOSE, "-v"),
                flag(LaunchPlan::verbosity, Verbosity.VERBOSE, "--verbose"),
                flag(LaunchPlan::verbosity, Verbosity.TRANSFERS, "-V"),
                flag(LaunchPlan::verbosity, Verbosity.TRANSFERS, "-v", "--verbose-transfers"),
                flag(c -> c.server().password(), "secret", "-x", "secret"),
                flag(c -> c.server().password(), "s p a c e", "--password", "s p a c e"),
                flag(c -> c.server().hasPassword(), false, "-x", ""),
                flag(c -> c.server().fsync(), true, "--fsync"),
                flag(LaunchPlan::allowRoot, true, "--allow-root"),
                flag(LaunchPlan::pidFile, Path.of("/run/t.pid"), "--pid-file", "/run/t.pid"),
                flag(c -> c.server().maxLineLength(), 8192, "--block-size", "8192"),
                flag(c -> c.server().names().invalidChars(), "?*/", "--invalid-chars", "\\?\\*"));
    }

    private static Arguments flag(Function<LaunchPlan, Object> property, Object expected, String... args) {
        return Arguments.of(String.join(" ", args), args, property, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void flagSetsItsSetting(String name, String[] args, Function<LaunchPlan, Object> property, Object expected) {
        assertThat(property.apply(plan(withSpool(args)))).isEqualTo(expected);
    }

    @Test
    void initScriptOptionsOfTheReferenceParse() {
        // TENTACLE_EXT_OPTS of the Pandora FMS init script, word-split by the shell, value attached to -i.
        LaunchPlan plan = plan(withSpool("-i.*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections", "-I", "-o"));
        assertThat(plan.server().filters().rules())
                .extracting(r -> r.regex().pattern() + " -> " + r.directory())
                .containsExactly(".*\\.conf -> conf", ".*\\.md5 -> md5", ".*\\.zip -> collections");
        assertThat(plan.server().filters().directoryFor("agent.conf")).isEqualTo("conf");
        assertThat(plan.server().insecure()).isTrue();
        assertThat(plan.server().overwrite()).isTrue();
    }

    @Test
    void clusteredShortFlagsWorkAsWithGetopt() {
        LaunchPlan plan = plan(withSpool("-Io", "-p41122"));
        assertThat(plan.server().insecure()).isTrue();
        assertThat(plan.server().overwrite()).isTrue();
        assertThat(plan.server().port()).isEqualTo(41122);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        new String[] {"-s", "/no/such/dir"},
                        "option -s/--directory: directory /no/such/dir does not exist"),
                Arguments.of(
                        new String[] {"-s", "/etc/hostname"},
                        "option -s/--directory: /etc/hostname is not a directory"),
                Arguments.of(new String[] {}, "a storage directory is required"),
                Arguments.of(new String[] {"-p", "abc"}, "option -p/--port: 'abc' is not a port number (1-65535)"),
                Arguments.of(new String[] {"-p", "0"}, "option -p/--port: '0' is not a port number"),
                Arguments.of(new String[] {"-p", "65536"}, "option -p/--port: '65536' is not a port number"),
                Arguments.of(new String[] {"-p", "-1"}, "option -p/--port: '-1' is not a port number"),
                Arguments.of(
                        new String[] {"-c", "0"}, "option -c/--max-connections: '0' is not a number of connections"),
                Arguments.of(new String[] {"-m", "2MB"}, "option -m/--max-size: '2MB' is not a size in bytes"),
                Arguments.of(
                        new String[] {"--batch-version", "3"},
                        "option --batch-version: '3' is not a batch version (0 for none to 2)"),
                Arguments.of(
                        new String[] {"-m", "99999999999999999999"},
                        "option -m/--max-size: '99999999999999999999' is not a size in bytes"),
                Arguments.of(new String[] {"-t", "0"}, "option -t/--timeout: '0' is not a timeout in whole seconds"),
                Arguments.of(
                        new String[] {"-t", "1.5"}, "option -t/--timeout: '1.5' is not a timeout in whole seconds"),
                Arguments.of(new String[] {"-r", "x"}, "option -r/--retries: 'x' is not a number of retries"),
                Arguments.of(
                        new String[] {"-i", "nocolon"},
                        "option -i/--filters: filter 'nocolon' has no ':' between regex and directory"),
                Arguments.of(
                        new String[] {"-i", "(unclosed:dir"},
                        "option -i/--filters: filter '(unclosed:dir' has a bad regex"),
                Arguments.of(
                        new String[] {"-i", "x:../up"},
                        "option -i/--filters: filter 'x:../up' leaves the storage directory"),
                Arguments.of(
                        new String[] {"-i", "x:/abs"},
                        "option -i/--filters: filter 'x:/abs' names an absolute directory"),
                Arguments.of(
                        new String[] {"-a", "no.such.host.invalid"},
                        "option -a/--addresses: cannot resolve address 'no.such.host.invalid'"),
                Arguments.of(new String[] {"-a", "127.0.0.1,,::1"}, "option -a/--addresses: '' is not an address"),
                Arguments.of(new String[] {"--block-size", "8"}, "option --block-size: '8' is not a block size"),
                Arguments.of(
                        new String[] {"-e", "/no/cert.pem"}, "option -e/--ssl-cert: file /no/cert.pem does not exist"),
                Arguments.of(
                        new String[] {"-k", "/etc/hostname"},
                        "option -k/--ssl-key: needs a certificate (-e or ssl_cert)"),
                Arguments.of(
                        new String[] {"-f", "/etc/hostname"},
                        "option -f/--ssl-ca: needs a certificate (-e or ssl_cert)"),
                Arguments.of(
                        new String[] {"-g", "0", "-b", "127.0.0.1"},
                        "option -g/--proxy-port: '0' is not a port number"),
                Arguments.of(
                        new String[] {"-b", "bad host"},
                        "option -b/--proxy-ip: 'bad host' is not a host name or address"),
                Arguments.of(
                        new String[] {"-b", "h", "--proxy-ca", "/no/ca.pem"},
                        "option --proxy-ca: file /no/ca.pem does not exist"),
                Arguments.of(new String[] {"-F", "/no/such.conf"}, "cannot read configuration file /no/such.conf"),
                Arguments.of(
                        new String[] {"-T"}, "-T (tcpwrappers) is not supported: restrict clients with firewall rules"),
                Arguments.of(
                        new String[] {"-S", "install"},
                        "-S (Windows service) is not supported: run the server under systemd"),
                Arguments.of(new String[] {"-S"}, "-S (Windows service) is not supported"),
                Arguments.of(new String[] {"-Y"}, "Unknown option: '-Y'"),
                Arguments.of(new String[] {"-p"}, "Missing required parameter for option '--port'"),
                Arguments.of(new String[] {"stray"}, "Unmatched argument"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void badValueIsOneLineAndExitTwo(String[] args, String message) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("-s") && !all.contains("-b") && args.length > 0 && !message.startsWith("a storage")) {
            all.addAll(0, List.of("-s", spool.toString()));
        }
        assertThat(usageError(all.toArray(String[]::new))).contains(message);
    }

    @Test
    void tlsOptionsBuildAServerContext() {
        TestCerts pki = TestCerts.get();
        LaunchPlan plan = plan(withSpool(
                "-e",
                pki.serverCert.toString(),
                "-k",
                pki.serverKey.toString(),
                "-f",
                pki.ca.toString(),
                "-z",
                "TLSv1_3",
                "-u",
                "TLS_AES_128_GCM_SHA256"));
        assertThat(plan.server().tls()).isNotNull();
        assertThat(plan.server().tls().isServer()).isTrue();
        assertThat(String.join("; ", plan.features()))
                .contains("TLS TLSv1.3, client certificates signed by " + pki.ca + " required");
    }

    @Test
    void opensslCipherNamesAreUnderstood() {
        TestCerts pki = TestCerts.get();
        LaunchPlan plan = plan(withSpool(
                "--ssl-cert",
                pki.serverCert.toString(),
                "--ssl-key",
                pki.serverKey.toString(),
                "--ssl-version",
                "TLSv1_2",
                "--ssl-cipher",
                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"));
        assertThat(plan.server().tls()).isNotNull();
    }

    @Test
    void badTlsSettingsAreOneLine() {
        TestCerts pki = TestCerts.get();
        String cert = pki.serverCert.toString();
        String key = pki.serverKey.toString();
        assertThat(usageError(withSpool("-e", cert, "-k", key, "-z", "SSLv9")))
                .contains("option -z/--ssl-version: unknown TLS version 'SSLv9'");
        assertThat(usageError(withSpool("-e", cert, "-k", key, "-u", "HIGH:!aNULL")))
                .contains("option -u/--ssl-cipher: 'HIGH' is not a cipher suite this Java runtime supports");
        assertThat(usageError(withSpool("-e", cert, "-k", pki.clientKey.toString())))
                .contains("the private key " + pki.clientKey + " does not belong to the certificate " + cert);
        assertThat(usageError(withSpool("-e", "/etc/hostname", "-k", key)))
                .contains("cannot use certificate /etc/hostname");
        // A key where the CA belongs: the message names the CA file, not the certificate and key.
        assertThat(usageError(withSpool("-e", cert, "-k", key, "-f", key)))
                .contains("cannot use CA file " + key
                        + ": no certificate in it (a CA file holds PEM blocks -----BEGIN CERTIFICATE-----)");
    }

    @Test
    void certificateFileHoldingTheKeyNeedsNoKeyOption() throws IOException {
        TestCerts pki = TestCerts.get();
        Path both = shared.resolve("both.pem");
        Files.writeString(both, Files.readString(pki.serverCert) + Files.readString(pki.serverKey));
        assertThat(plan(withSpool("-e", both.toString())).server().tls()).isNotNull();
    }

    @Test
    void promptsForTheKeyPasswordWithW() {
        TestCerts pki = TestCerts.get();
        List<String> prompts = new ArrayList<>();
        LaunchPlan plan = plan(
                p -> {
                    prompts.add(p);
                    return TestCerts.KEY_PASSWORD;
                },
                withSpool("-e", pki.serverCert.toString(), "-k", pki.serverKeyEncrypted.toString(), "-w"));
        assertThat(plan.server().tls()).isNotNull();
        assertThat(prompts).hasSize(1);
        assertThat(plan.keyPassword()).isEqualTo(TestCerts.KEY_PASSWORD);

        Run wrong = execute(
                p -> "wrong",
                withSpool("-e", pki.serverCert.toString(), "-k", pki.serverKeyEncrypted.toString(), "-w"));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err().lines()).hasSize(1);
        assertThat(wrong.err()).contains("cannot decrypt the private key").contains("is it the right password?");
    }

    @Test
    void keyPasswordFromAFile() throws IOException {
        TestCerts pki = TestCerts.get();
        Path file = Files.writeString(shared.resolve("keypass.txt"), TestCerts.KEY_PASSWORD + "\n");
        LaunchPlan plan = plan(withSpool(
                "-e",
                pki.serverCert.toString(),
                "-k",
                pki.serverKeyEncrypted.toString(),
                "--ssl-password-file",
                file.toString()));
        assertThat(plan.server().tls()).isNotNull();
    }

    @Test
    void wWithoutATerminalSaysWhatToDoInstead() {
        TestCerts pki = TestCerts.get();
        Run run = execute(
                PasswordPrompt.CONSOLE,
                withSpool("-e", pki.serverCert.toString(), "-k", pki.serverKeyEncrypted.toString(), "-w"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("-w needs a terminal").contains("--ssl-password-file");
    }

    @Test
    void proxyModeNeedsNoStorageDirectory() {
        LaunchPlan plan = plan("-b", "127.0.0.1", "-g", "41200");
        assertThat(plan.server().upstream()).isEqualTo(new ServerConfig.Upstream("127.0.0.1", 41200, null));
        assertThat(plan.server().directory()).isNull();
        assertThat(plan.features().get(0)).isEqualTo("relaying to 127.0.0.1:41200");

        LaunchPlan defaultPort = plan("--proxy-ip", "upstream.example");
        assertThat(defaultPort.server().upstream().port()).isEqualTo(41121);
    }

    @Test
    void proxyWithStorageWarnsThatStorageIsUnused() {
        LaunchPlan plan = plan(withSpool("-b", "127.0.0.1"));
        assertThat(plan.server().upstream()).isNotNull();
        assertThat(plan.warnings())
                .singleElement()
                .asString()
                .contains("ignored: sessions are relayed to 127.0.0.1:41121");
    }

    @Test
    void proxyTlsOptionsBuildAClientContext() {
        TestCerts pki = TestCerts.get();
        LaunchPlan tls = plan("-b", "localhost", "--proxy-tls");
        assertThat(tls.server().upstream().tls()).isNotNull();
        assertThat(tls.server().upstream().tls().isClient()).isTrue();
        LaunchPlan verified = plan(
                "-b",
                "localhost",
                "--proxy-ca",
                pki.ca.toString(),
                "--proxy-cert",
                pki.clientCert.toString(),
                "--proxy-key",
                pki.clientKey.toString());
        assertThat(verified.server().upstream().tls()).isNotNull();
        assertThat(verified.features().get(0)).isEqualTo("relaying to localhost:41121 over TLS");
        assertThat(usageError("-b", "h", "--proxy-key", pki.clientKey.toString()))
                .contains("--proxy-key: needs --proxy-cert");
    }

    @Test
    void proxyPortWithoutProxyIsWarnedAbout() {
        assertThat(plan(withSpool("-g", "5000")).warnings())
                .singleElement()
                .asString()
                .contains("option -g/--proxy-port ignored: no proxy address (-b) is set");
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = execute("-h");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("Usage: tentacle-server")
                .contains("-s, --directory=dir")
                .contains("-V, --verbose-transfers")
                .contains("-T, --tcp-wrappers")
                .contains("firewall");
        Run version = execute("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip())
                .as("the build's version, also from target/classes")
                .isEqualTo("tentacle-server " + System.getProperty("tentacle.build.version"));
    }

    @Test
    void refusesRootWithoutAllowRoot() {
        assumeTrue(RootCheck.isRoot(), "only meaningful as root");
        Run run = execute("-s", spool.toString(), "-p", "1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("tentacle-server: refusing to run as root: run as the user that owns"
                        + " the storage directory (e.g. pandora), or add --allow-root");
    }

    @Test
    void checkConfigPrintsTheSettingsWithoutStarting() {
        Run run = execute(withSpool(
                "--check-config",
                "-a",
                "127.0.0.1",
                "-p",
                "41999",
                "-I",
                "-x",
                "pw",
                "-c",
                "5",
                "-l",
                "/tmp/x.log",
                "-V"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "listening on 127.0.0.1:41999; storage " + spool.toAbsolutePath()
                                + "; max size 2000000 bytes; max connections 5; timeout 1 s x 4 tries; insecure (LS, MV, DEL); password");
        assertThat(run.out()).contains("log: transfers to /tmp/x.log");
    }

    @Test
    void checkConfigSaysEachSettingWithItsValueAndWhereItComesFromButNeverAPassword() throws IOException {
        Path conf = Files.writeString(
                shared.resolve("check.conf"),
                "# comment\ndirectory " + spool + "\nport 5000\npassword file-s3cret\nverbose 2\n");
        Run run = execute("-F", conf.toString(), "-p", "41999", "-o", "--check-config");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(lines).hasSize(ServerOptions.ALL.size());
        assertThat(lines)
                .startsWith(
                        "  -s/--directory, directory: " + spool + " (" + conf + " line 2, key 'directory')",
                        "  -a/--addresses, addresses: all, IPv4 and IPv6 (default)",
                        "  -p/--port, port: 41999 (option -p/--port)",
                        "  -c/--max-connections, max_connections: 100 (default)");
        assertThat(lines)
                .contains(
                        "  -o/--overwrite, overwrite 1: on (option -o/--overwrite)",
                        "  -I/--insecure, insecure 1: off (default)",
                        "  -x/--password, password: set (" + conf + " line 4, key 'password')",
                        "  -V/--verbose-transfers, verbose 2: on (" + conf + " line 5, key 'verbose')",
                        "  --proxy-ca: not set");
        assertThat(run.out()).doesNotContain("s3cret");

        Run noPassword = execute(withSpool("--check-config"));
        assertThat(noPassword.out()).contains("  -x/--password, password: not set\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\?\\[\\]\\/\\\\\\=\\+\\<\\>\\:\\;\\'\\,\\*\\~", "?[]/\\\\=+<>:;',*~"})
    void invalidCharsInTheReferencesEscapedFormOrPlain(String value) {
        assertThat(OptionResolver.invalidChars(value)).isEqualTo(NameRules.REFERENCE_INVALID_CHARS);
    }

    @Test
    void slashIsAlwaysInvalid() {
        assertThat(OptionResolver.invalidChars("abc")).isEqualTo("abc/");
    }
}
