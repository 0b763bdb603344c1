package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows agents' file names through both hops: Debian's Perl {@code tentacle_client} as the agent, our
 * server as the remote ({@code -I -o}, Pandora's filters), a pass of {@code tentacle-sync} into the
 * central's incoming directory, where Pandora's data server must read every file as its agent's.
 */
class AgentNamesTest {
    /** Pandora's data server (DataServer.pm): the names it reads, the captured part being the agent key. */
    private static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");

    @TempDir
    Path tmp;

    private RemoteServer remote;
    private Path incoming;

    @BeforeEach
    void startTheRemote() throws IOException {
        Tools.require("tentacle_client");
        remote = new RemoteServer(Files.createDirectories(tmp.resolve("remote")), null, null);
        incoming = Files.createDirectories(tmp.resolve("data_in"));
    }

    @AfterEach
    void stopTheRemote() {
        if (remote != null) {
            remote.close();
        }
    }

    /** A Windows agent names its files {@code <agent>.<random 0-32767>.data}: during an outage two get one name. */
    @Test
    void twoUnpulledFilesOfOneNameBothReachTheCentral() throws Exception {
        agentSends("first", "WIN-01.12345.data", "<agent_data seq='1'/>");
        agentSends("second", "WIN-01.12345.data", "<agent_data seq='2'/>");
        assertThat(Files.readString(remote.spool().resolve("WIN-01.12345.data")))
                .isEqualTo("<agent_data seq='1'/>");

        Cli cli = pass();

        assertThat(cli.out()).contains(remote.address() + ": ok, pulled 2");
        List<Path> central = dataFiles(incoming);
        assertThat(central)
                .extracting(f -> Files.readString(f))
                .containsExactlyInAnyOrder("<agent_data seq='1'/>", "<agent_data seq='2'/>");
        assertThat(central)
                .extracting(f -> agentKey(f.getFileName().toString()))
                .containsOnly("WIN-01");
    }

    /** A Windows agent named Café writes {@code Caf\xe9.<n>.data}: ISO-8859-1, one byte 0xE9. */
    @Test
    void aLatin1NameGoesThroughBothHopsByteForByte() throws Exception {
        Tools.require("python3");
        Path home = Files.createDirectories(tmp.resolve("agent-cafe"));
        String name = "\"$(printf 'Caf\\351.12345.data')\"";
        sh(home, "printf '<agent_data/>' > " + name);
        sh(home, "tentacle_client -a 127.0.0.1 -p " + remote.port() + " " + name);
        assertThat(bytesListing(remote.spool())).contains("436166e92e31323334352e64617461"); // Caf\xe9.12345.data

        Cli cli = pass();

        assertThat(cli.out()).contains(remote.address() + ": ok, pulled 1");
        assertThat(bytesListing(incoming)).contains("436166e92e31323334352e64617461");
        assertThat(sh(incoming, "cat " + name)).isEqualTo("<agent_data/>");
        assertThat(bytesListing(remote.spool())).doesNotContain("436166e92e31323334352e64617461");
    }

    private static String sh(Path in, String script) throws Exception {
        return Tools.run(in, "sh", "-c", script).assertSuccess().output();
    }

    /** The regular files' names in {@code directory} as hex of their bytes, read by Python's byte-level listing. */
    private static List<String> bytesListing(Path directory) throws Exception {
        String out = Tools.run(
                        directory,
                        "python3",
                        "-c",
                        "import os; print(' '.join(sorted(n.hex() for n in os.listdir(b'.')"
                                + " if os.path.isfile(n))))")
                .assertSuccess()
                .output()
                .trim();
        return out.isEmpty() ? List.of() : List.of(out.split(" "));
    }

    private void agentSends(String from, String name, String content) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("agent-" + from));
        Files.writeString(home.resolve(name), content);
        Tools.run(
                        home,
                        Duration.ofSeconds(60),
                        List.of(
                                "tentacle_client",
                                "-a",
                                "127.0.0.1",
                                "-p",
                                String.valueOf(remote.port()),
                                home.resolve(name).toString()))
                .assertSuccess();
    }

    private Cli pass() throws IOException {
        String conf = Files.write(
                        tmp.resolve("pandora_server.conf"),
                        List.of("syncserver 1", "incomingdir " + incoming, "sync_address " + remote.address()),
                        StandardCharsets.UTF_8)
                .toString();
        Cli cli = Cli.run("-c", conf);
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        return cli;
    }

    private static List<Path> dataFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).toList());
        }
    }

    private static String agentKey(String name) {
        Matcher m = DATA_SERVER.matcher(name);
        return m.matches() ? m.group(1) : "(not read by the data server: " + name + ")";
    }
}
