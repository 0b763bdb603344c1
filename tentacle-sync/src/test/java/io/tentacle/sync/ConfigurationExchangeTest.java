package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central is master of every agent's configuration, and each agent's belongs on its own site only. */
class ConfigurationExchangeTest {
    /** Windows agents: data files are named after the agent, configuration after the md5 of its name. */
    private static final String ALPHA = AgentKey.md5Hex("alpha");

    private static final String BETA = AgentKey.md5Hex("beta");

    @TempDir
    Path tmp;

    private final InProcessRemotes remotes = new InProcessRemotes();
    private final List<String> errors = new ArrayList<>();
    private Path central;
    private Remote a;
    private Remote b;
    private SiteMap sites;

    @BeforeEach
    void twoSitesAndTheirAgents() throws IOException {
        central = Files.createDirectories(tmp.resolve("data_in"));
        a = remotes.start(tmp.resolve("a"));
        b = remotes.start(tmp.resolve("b"));
        for (String key : List.of(ALPHA, BETA)) {
            write(central.resolve("conf/" + key + ".conf"), "conf of " + key + "\n");
            write(central.resolve("md5/" + key + ".md5"), "md5 of " + key);
        }
        sites = SiteMap.load(tmp.resolve("sites"));
        sites.sawData(a, "alpha.1.data");
        sites.sawData(b, "beta.1.data");
    }

    @AfterEach
    void stop() {
        remotes.close();
    }

    @Test
    void eachRemoteGetsTheConfigurationOfItsOwnAgentsOnly() throws IOException {
        assertThat(exchange(a).pushed()).isEqualTo(2);
        assertThat(exchange(b).pushed()).isEqualTo(2);

        assertThat(errors).isEmpty();
        assertThat(tmp.resolve("a/conf/" + ALPHA + ".conf")).hasContent("conf of " + ALPHA + "\n");
        assertThat(tmp.resolve("a/md5/" + ALPHA + ".md5")).hasContent("md5 of " + ALPHA);
        assertThat(tmp.resolve("a/conf/" + BETA + ".conf")).doesNotExist();
        assertThat(tmp.resolve("b/conf/" + BETA + ".conf")).hasContent("conf of " + BETA + "\n");
        assertThat(tmp.resolve("b/conf/" + ALPHA + ".conf")).doesNotExist();
    }

    @Test
    void anotherSitesAgentsConfigurationIsDeletedFromTheRemote() throws IOException {
        write(tmp.resolve("b/conf/" + ALPHA + ".conf"), "stale\n");
        write(tmp.resolve("b/md5/" + ALPHA + ".md5"), "stale");

        exchange(b);

        assertThat(errors).isEmpty();
        assertThat(tmp.resolve("b/conf/" + ALPHA + ".conf")).doesNotExist();
        assertThat(tmp.resolve("b/md5/" + ALPHA + ".md5")).doesNotExist();
        assertThat(central.resolve("conf/" + ALPHA + ".conf")).hasContent("conf of " + ALPHA + "\n");
    }

    @Test
    void aRemoteCopyThatDiffersIsPushedAgainAndOneThatMatchesIsLeftAlone() throws IOException {
        assertThat(exchange(a).pushed()).isEqualTo(2);
        assertThat(exchange(a).pushed()).as("nothing differs").isZero();

        write(tmp.resolve("a/md5/" + ALPHA + ".md5"), "an md5 the central never had");
        assertThat(exchange(a).pushed())
                .as("the md5 differs: payload and md5 again")
                .isEqualTo(2);
        assertThat(tmp.resolve("a/md5/" + ALPHA + ".md5")).hasContent("md5 of " + ALPHA);

        write(central.resolve("conf/" + ALPHA + ".conf"), "edited in the console\n");
        write(central.resolve("md5/" + ALPHA + ".md5"), "md5 of the edit");
        assertThat(exchange(a).pushed()).isEqualTo(2);
        assertThat(tmp.resolve("a/conf/" + ALPHA + ".conf")).hasContent("edited in the console\n");

        Files.delete(tmp.resolve("a/conf/" + ALPHA + ".conf"));
        assertThat(exchange(a).pushed())
                .as("the payload is gone, the md5 still matches")
                .isEqualTo(2);
        assertThat(tmp.resolve("a/conf/" + ALPHA + ".conf")).hasContent("edited in the console\n");
        assertThat(errors).isEmpty();
    }

    private ConfigurationExchange exchange(Remote remote) throws IOException {
        SyncConfig config =
                SyncConfig.builder(central).remote(remote).retries(0).build();
        StopSignal stop = new StopSignal();
        ConfigurationExchange exchange = new ConfigurationExchange(
                config, remote, new Incoming(central), sites, SyncListener.NONE, stop, errors::add);
        try (Connections shared = new Connections(config);
                ReconnectingConnection connection = new ReconnectingConnection(
                        shared.client(),
                        config.target(remote),
                        remote,
                        config.retries(),
                        config.backoff(),
                        stop,
                        SyncListener.NONE)) {
            exchange.run(connection);
        }
        return exchange;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
