package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central stays master, per site: two isolated sites running our server as Pandora's remotes do
 * ({@code -I -o}, Pandora's filters), and Debian's Perl {@code tentacle_client} playing each agent
 * through the Unix agent's own sequence.
 */
class SiteConfigurationTest {
    @TempDir
    Path tmp;

    private final List<RemoteServer> remotes = new ArrayList<>();
    private Path incoming;

    @BeforeEach
    void requireTheAgentsClient() throws IOException {
        Tools.require("tentacle_client");
        incoming = Files.createDirectories(tmp.resolve("data_in"));
    }

    @AfterEach
    void stopRemotes() {
        remotes.forEach(RemoteServer::close);
    }

    @Test
    void eachSiteGetsOnlyItsAgentsConfigurationAndTheCentralStaysMaster() throws Exception {
        RemoteServer siteA = remote("site-a", Long.MAX_VALUE);
        RemoteServer siteB = remote("site-b", Long.MAX_VALUE);
        Agent web = new Agent("web-1", siteA, "module web\n");
        Agent db = new Agent("db-1", siteB, "module db\n");
        write(incoming.resolve("collections/fc_1.zip"), "collection bytes v1");
        write(incoming.resolve("md5/fc_1.md5"), md5("collection bytes v1"));
        write(incoming.resolve("commands/ref1.rcmd"), "command: uptime\n");
        write(incoming.resolve("md5/ref1.md5"), md5("command: uptime\n"));
        String conf = conf(siteA, siteB);

        // First contact: each agent sends data, finds no md5 on its remote and uploads its own configuration.
        web.sendData();
        db.sendData();
        assertThat(web.checkConfig()).isEqualTo("uploaded");
        assertThat(db.checkConfig()).isEqualTo("uploaded");
        Cli first = pass(conf);
        assertThat(first.out())
                .contains(siteA.address() + ": ok, pulled 1")
                .contains(siteB.address() + ": ok, pulled 1");
        assertThat(incoming.resolve("conf/" + web.key + ".conf")).hasContent("module web\n");
        assertThat(incoming.resolve("conf/" + db.key + ".conf")).hasContent("module db\n");
        assertNoForeignConfiguration(siteA, db);
        assertNoForeignConfiguration(siteB, web);

        // A console edit reaches only its agent's site, the conf before its md5.
        write(incoming.resolve("conf/" + web.key + ".conf"), "module web edited\n");
        write(incoming.resolve("md5/" + web.key + ".md5"), md5("module web edited\n"));
        Cli edit = pass(conf, "-v");
        assertThat(edit.out())
                .contains(siteA.address() + ": pushed conf/" + web.key + ".conf")
                .doesNotContain(siteB.address() + ": pushed conf/" + web.key);
        assertThat(web.checkConfig()).isEqualTo("updated");
        assertThat(web.ownConf()).isEqualTo("module web edited\n");
        assertThat(db.checkConfig()).isEqualTo("unchanged");
        assertNoForeignConfiguration(siteB, web);

        // Collections (md5, then zip) and remote commands reach every site.
        for (Agent agent : List.of(web, db)) {
            assertThat(agent.fetch("fc_1.md5")).isEqualTo(md5("collection bytes v1"));
            assertThat(agent.fetch("fc_1.zip")).isEqualTo("collection bytes v1");
            assertThat(agent.fetch("ref1.rcmd")).isEqualTo("command: uptime\n");
        }

        // A reset: the console deletes the central conf and md5; the remote loses them too, the
        // central does not take the old ones back, and the agent's fresh upload is taken.
        Files.delete(incoming.resolve("conf/" + web.key + ".conf"));
        Files.delete(incoming.resolve("md5/" + web.key + ".md5"));
        Cli reset = pass(conf, "-v");
        assertThat(reset.out()).contains(siteA.address() + ": deleted " + web.key + ".conf");
        assertThat(siteA.spool().resolve("conf/" + web.key + ".conf")).doesNotExist();
        assertThat(siteA.spool().resolve("md5/" + web.key + ".md5")).doesNotExist();
        assertThat(incoming.resolve("conf/" + web.key + ".conf")).doesNotExist();
        web.writeOwnConf("module web as the agent has it\n");
        assertThat(web.checkConfig()).isEqualTo("uploaded");
        pass(conf);
        assertThat(incoming.resolve("conf/" + web.key + ".conf")).hasContent("module web as the agent has it\n");
        assertThat(incoming.resolve("md5/" + web.key + ".md5")).hasContent(md5("module web as the agent has it\n"));

        // Site B's collector is rebuilt empty; its agent uploads what it has. One pass repairs it all.
        wipe(siteB.spool());
        db.writeOwnConf("module db changed locally\n");
        assertThat(db.checkConfig()).isEqualTo("uploaded");
        Cli repair = pass(conf);
        assertThat(repair.out()).contains(siteB.address() + ": ok");
        assertThat(siteB.spool().resolve("conf/" + db.key + ".conf")).hasContent("module db\n");
        assertThat(siteB.spool().resolve("md5/" + db.key + ".md5")).hasContent(md5("module db\n"));
        assertThat(siteB.spool().resolve("collections/fc_1.zip")).hasContent("collection bytes v1");
        assertThat(siteB.spool().resolve("commands/ref1.rcmd")).hasContent("command: uptime\n");
        assertThat(incoming.resolve("conf/" + db.key + ".conf")).hasContent("module db\n");
        assertThat(db.checkConfig()).isEqualTo("updated");
        assertThat(db.ownConf()).isEqualTo("module db\n");
        assertThat(pass(conf).out())
                .contains(siteA.address() + ": ok, pulled 0 file(s) 0 bytes, pushed 0, copied 0")
                .contains(siteB.address() + ": ok, pulled 0 file(s) 0 bytes, pushed 0, copied 0");
    }

    @Test
    void aCollectionOverTheRemotesLimitIsReportedAndItsMd5NotPushed() throws Exception {
        RemoteServer site = remote("site", 2_000_000);
        byte[] big = new byte[2_000_001];
        Files.createDirectories(incoming.resolve("collections"));
        Files.write(incoming.resolve("collections/big.zip"), big);
        write(incoming.resolve("md5/big.md5"), "0123456789abcdef0123456789abcdef");
        write(incoming.resolve("collections/small.zip"), "small");
        write(incoming.resolve("md5/small.md5"), md5("small"));

        Cli cli = Cli.run("-c", conf(site));

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out())
                .contains(
                        "cannot push collections/big.zip (2000001 bytes): the remote refuses files over its"
                                + " size limit, its -m option (2000000 bytes unless set); raise it on the remote; md5/big.md5 not pushed");
        assertThat(site.spool().resolve("collections/big.zip")).doesNotExist();
        assertThat(site.spool().resolve("md5/big.md5")).doesNotExist();
        assertThat(site.spool().resolve("md5/small.md5")).hasContent(md5("small"));
    }

    private RemoteServer remote(String name, long maxSize) throws IOException {
        RemoteServer r = new RemoteServer(Files.createDirectories(tmp.resolve(name)), null, null, maxSize);
        remotes.add(r);
        return r;
    }

    private String conf(RemoteServer... sites) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (RemoteServer site : sites) {
            addresses.add(site.address());
        }
        return Files.write(
                        tmp.resolve("pandora_server.conf"),
                        List.of(
                                "syncserver 1",
                                "incomingdir " + incoming,
                                "sync_address " + String.join(",", addresses)),
                        StandardCharsets.UTF_8)
                .toString();
    }

    private static Cli pass(String conf, String... options) {
        List<String> args = new ArrayList<>(List.of("-c", conf));
        args.addAll(List.of(options));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        return cli;
    }

    private static void assertNoForeignConfiguration(RemoteServer site, Agent foreign) {
        assertThat(site.spool().resolve("conf/" + foreign.key + ".conf")).doesNotExist();
        assertThat(site.spool().resolve("md5/" + foreign.key + ".md5")).doesNotExist();
    }

    private static void wipe(Path spool) throws IOException {
        try (var files = Files.walk(spool)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(spool)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A Unix agent with {@code remote_config 1}: the same files, in the same order, through the same client. */
    private final class Agent {
        final String key;
        private final RemoteServer site;
        private final Path home;
        private int sequence;

        Agent(String name, RemoteServer site, String conf) throws Exception {
            this.key = md5(name);
            this.site = site;
            this.home = Files.createDirectories(tmp.resolve("agent-" + name));
            writeOwnConf(conf);
        }

        void writeOwnConf(String conf) throws IOException {
            Files.writeString(home.resolve("pandora_agent.conf"), conf);
        }

        String ownConf() throws IOException {
            return Files.readString(home.resolve("pandora_agent.conf"));
        }

        void sendData() throws Exception {
            String name = key + "." + (1_700_000_000 + sequence++) + ".data";
            write(home.resolve(name), "<agent_data/>");
            client(home.resolve(name).toString()).assertSuccess();
        }

        /** Fetch the md5; when the fetch fails upload the own conf and md5; when it differs fetch the conf. */
        String checkConfig() throws Exception {
            String own = ownConf();
            Path work = Files.createDirectories(home.resolve("temporal"));
            Files.deleteIfExists(work.resolve(key + ".md5"));
            if (client(work, "-g", key + ".md5").exitCode() != 0 || !Files.exists(work.resolve(key + ".md5"))) {
                write(work.resolve(key + ".conf"), own);
                write(work.resolve(key + ".md5"), md5(own));
                client(
                                work,
                                work.resolve(key + ".conf").toString(),
                                work.resolve(key + ".md5").toString())
                        .assertSuccess();
                return "uploaded";
            }
            if (Files.readString(work.resolve(key + ".md5")).equals(md5(own))) {
                return "unchanged";
            }
            Files.deleteIfExists(work.resolve(key + ".conf"));
            client(work, "-g", key + ".conf").assertSuccess();
            writeOwnConf(Files.readString(work.resolve(key + ".conf")));
            return "updated";
        }

        String fetch(String name) throws Exception {
            Path work = Files.createDirectories(home.resolve("fetched"));
            Files.deleteIfExists(work.resolve(name));
            client(work, "-g", name).assertSuccess();
            return Files.readString(work.resolve(name));
        }

        private Tools.Result client(String... args) throws Exception {
            return client(home, args);
        }

        private Tools.Result client(Path dir, String... args) throws Exception {
            List<String> command =
                    new ArrayList<>(List.of("tentacle_client", "-a", "127.0.0.1", "-p", String.valueOf(site.port())));
            command.addAll(List.of(args));
            return Tools.run(dir, Duration.ofSeconds(60), command);
        }
    }
}
