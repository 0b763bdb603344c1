package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.client.ClientConfig;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pandora's data server takes files oldest first (modification time, then name), one per agent at a
 * time. After a pass over many connections, each agent's backlog must come out of incomingdir in the
 * order the agent made it.
 */
class ArrivalOrderTest {
    private static final Pattern DATA_NAME = Pattern.compile("^(.*)[\\._]\\d+\\.data$");
    private static final String UNIX_AGENT = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    /** The data server's order: modification time ascending, name as the tie-break. */
    private static List<String> dataServerOrder(Path incoming) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(incoming)) {
            files = new ArrayList<>(list.filter(Files::isRegularFile)
                    .filter(p -> DATA_NAME.matcher(p.getFileName().toString()).matches())
                    .toList());
        }
        Comparator<Path> byTime = Comparator.comparing(p -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        files.sort(byTime.thenComparing(p -> p.getFileName().toString()));
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    private static List<String> ofAgent(List<String> names, String agent) {
        return names.stream()
                .filter(n -> {
                    Matcher m = DATA_NAME.matcher(n);
                    return m.matches() && m.group(1).equals(agent);
                })
                .toList();
    }

    private static long epochOf(String name) {
        String[] parts = name.split("\\.");
        return Long.parseLong(parts[parts.length - 2]);
    }

    @Test
    @Timeout(60)
    void eachAgentsFilesComeOutInTheOrderTheAgentMadeThem() throws Exception {
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            // A Unix agent's backlog, one file a minute, written to the remote in shuffled order.
            List<String> unix = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                unix.add(UNIX_AGENT + "." + (1_764_600_000L + 60L * i) + ".data");
            }
            List<String> shuffled = new ArrayList<>(unix);
            Collections.shuffle(shuffled, new Random(7));
            for (String name : shuffled) {
                TestFiles.write(
                        remote.spool().resolve(name),
                        ("<agent_data>" + name + "</agent_data>").getBytes(StandardCharsets.UTF_8));
            }
            // A Windows agent: random numbers, no time in the name; the remote's listing is the only order there is.
            for (int i = 0; i < 40; i++) {
                String name = "WIN-01." + new Random(i).nextInt(32768) + ".data";
                TestFiles.write(remote.spool().resolve(name), name.getBytes(StandardCharsets.UTF_8));
            }
            List<String> listing;
            try (TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                            .port(remote.port())
                            .build());
                    TentacleConnection connection = client.connect()) {
                listing = connection.list("");
            }
            // As on a real remote, each file's time is when it arrived there: the Unix agent's in the
            // order it made them, the Windows agent's in the listing's order. A batch carries these
            // times; MV carries none, and the name or the listing stands in for them.
            for (String name : unix) {
                Files.setLastModifiedTime(remote.spool().resolve(name), FileTime.fromMillis(epochOf(name) * 1000));
            }
            List<String> windows = ofAgent(listing, "WIN-01");
            for (int i = 0; i < windows.size(); i++) {
                Files.setLastModifiedTime(
                        remote.spool().resolve(windows.get(i)), FileTime.fromMillis((1_764_700_000L + i) * 1000));
            }
            Path incoming = Files.createDirectories(tmp.resolve("data_in"));
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of(
                            "syncserver 1",
                            "incomingdir " + incoming,
                            "sync_address " + remote.address(),
                            "sync_connections 8"));

            Cli pass = Cli.run("-c", conf.toString());

            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            List<String> order = dataServerOrder(incoming);
            assertThat(order).hasSize(100);
            assertThat(ofAgent(order, UNIX_AGENT)).containsExactlyElementsOf(unix);
            assertThat(ofAgent(order, "WIN-01")).containsExactlyElementsOf(ofAgent(listing, "WIN-01"));
            assertThat(Files.getLastModifiedTime(incoming.resolve(unix.get(0)))
                            .toInstant()
                            .getEpochSecond())
                    .isEqualTo(1_764_600_000L);
        }
    }
}
