package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.server.cli.monitoring.Monitoring;
import io.tentacle.server.cli.monitoring.ServerMonitors;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.sync.cli.monitoring.SyncMonitors;
import io.tentacle.testing.Poll;
import io.tentacle.testing.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** sync_report_agent and sync_metrics_address with real servers, real passes, real files and HTTP. */
class SyncMonitoringTest {
    static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");

    @TempDir
    Path tmp;

    final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    TentacleServer site(Path spool) throws IOException {
        TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(Files.createDirectories(spool))
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(true)
                .maxSessions(100)
                .build());
        open.add(server);
        return server;
    }

    Path conf(String... lines) throws IOException {
        return Files.write(tmp.resolve("pandora_server.conf"), List.of(lines), StandardCharsets.UTF_8);
    }

    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    record Module(String type, String data) {}

    static Map<String, Module> report(Path file) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(file)))
                .getDocumentElement();
        Map<String, Module> modules = new HashMap<>();
        NodeList list = root.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            Element m = (Element) list.item(i);
            modules.put(
                    m.getElementsByTagName("name").item(0).getTextContent(),
                    new Module(
                            m.getElementsByTagName("type").item(0).getTextContent(),
                            m.getElementsByTagName("data").item(0).getTextContent()));
        }
        modules.put("@agent_name", new Module("", root.getAttribute("agent_name")));
        return modules;
    }

    @Test
    void aSitesReportIsDrainedWithItsDataAndThePassReportsItself() throws Exception {
        Path siteSpool = tmp.resolve("site");
        TentacleServer site = site(siteSpool);
        Map<String, String> data = TestFiles.dataFiles(siteSpool, "agent", 5, 3000, 1);
        try (ServerMonitors monitors = ServerMonitors.start(
                new Monitoring("site-1", Duration.ofSeconds(1), null), site, "tentacle-server test")) {
            assertThat(Poll.until(
                            Duration.ofSeconds(30),
                            () -> !uncheckedFiles(siteSpool, "site-1.").isEmpty()))
                    .as("the site's report")
                    .isTrue();
        }
        Path siteReport = files(siteSpool, "site-1.").get(0);
        String siteReportName = siteReport.getFileName().toString();
        byte[] siteReportBytes = Files.readAllBytes(siteReport);
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        String remote = "127.0.0.1:" + site.port();

        Cli pass = Cli.run(
                "-c",
                conf(
                                "syncserver 1",
                                "incomingdir " + incoming,
                                "sync_address " + remote,
                                "sync_report_agent central puller")
                        .toString());

        assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
        for (String name : data.keySet()) {
            assertThat(TestFiles.sha256(incoming.resolve(name))).isEqualTo(data.get(name));
        }
        assertThat(incoming.resolve(siteReportName)).hasBinaryContent(siteReportBytes);
        assertThat(report(incoming.resolve(siteReportName)).get("@agent_name").data())
                .isEqualTo("site-1");
        List<Path> own = files(incoming, "central_puller.");
        assertThat(own).hasSize(1);
        assertThat(own.get(0).getFileName().toString()).matches(DATA_SERVER);
        Map<String, Module> puller = report(own.get(0));
        assertThat(puller.get("@agent_name").data()).isEqualTo("central puller");
        assertThat(puller.get("Reachable " + remote)).isEqualTo(new Module("generic_proc", "1"));
        assertThat(puller.get("Files pulled " + remote).data()).isEqualTo(String.valueOf(data.size() + 1));
        assertThat(puller.get("Files pulled")).isEqualTo(new Module("generic_data", String.valueOf(data.size() + 1)));
        assertThat(puller.get("Errors " + remote).data()).isEqualTo("0");
        assertThat(puller)
                .containsKeys(
                        "Bytes pulled " + remote,
                        "Duplicates " + remote,
                        "Files left " + remote,
                        "Pass duration " + remote,
                        "Connections " + remote,
                        "All synchronised",
                        "Version")
                .doesNotContainKey("Last error " + remote);
        assertThat(TestFiles.tempFiles(incoming)).isEmpty();
    }

    private static List<Path> uncheckedFiles(Path dir, String prefix) {
        try {
            return files(dir, prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRemoteDownIsReportedDownWithItsError() throws Exception {
        TentacleServer up = site(tmp.resolve("up"));
        TestFiles.dataFiles(tmp.resolve("up"), "agent", 2, 100, 2);
        String live = "127.0.0.1:" + up.port();
        String dead = "127.0.0.1:" + deadPort();
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));

        Cli pass = Cli.run(
                "-c",
                conf(
                                "syncserver 1",
                                "incomingdir " + incoming,
                                "sync_address " + live + "," + dead,
                                "sync_retries 0",
                                "sync_timeout 5",
                                "sync_report_agent puller")
                        .toString());

        assertThat(pass.exitCode()).isEqualTo(1);
        Map<String, Module> report = report(files(incoming, "puller.").get(0));
        assertThat(report.get("Reachable " + dead)).isEqualTo(new Module("generic_proc", "0"));
        assertThat(report.get("Synchronised " + dead)).isEqualTo(new Module("generic_proc", "0"));
        assertThat(report.get("Last error " + dead).type()).isEqualTo("async_string");
        assertThat(report.get("Last error " + dead).data()).isNotBlank();
        assertThat(pass.out() + pass.err())
                .contains(report.get("Last error " + dead).data());
        assertThat(report.get("Reachable " + live)).isEqualTo(new Module("generic_proc", "1"));
        assertThat(report.get("Remotes reachable").data()).isEqualTo("1");
        assertThat(report.get("All synchronised")).isEqualTo(new Module("generic_proc", "0"));
    }

    static double value(String exposition, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static String scrape(InetSocketAddress at) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void metricsAddUpEveryPassByExactlyWhatWasPulled() throws Exception {
        Path spool = tmp.resolve("site");
        TentacleServer site = site(spool);
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Remote remote = Remote.parse("127.0.0.1:" + site.port(), 41121);
        SyncEngine engine =
                new SyncEngine(SyncConfig.builder(incoming).remote(remote).build(), SyncListener.NONE);
        SyncMonitors monitors = SyncMonitors.start(
                null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5, "tentacle-sync test");
        open.add(monitors);
        String files = "tentacle_sync_files_pulled_total{remote=\"" + remote.label() + "\"}";
        String bytes = "tentacle_sync_bytes_pulled_total{remote=\"" + remote.label() + "\"}";

        String before = scrape(monitors.metricsAddress());
        TestFiles.dataFiles(spool, "a", 3, 5000, 3);
        long firstBytes = sizes(spool);
        PassReport first = engine.runPass();
        assertThat(monitors.passed(first, incoming))
                .as("no report agent, no report")
                .isNull();
        String afterFirst = scrape(monitors.metricsAddress());
        TestFiles.dataFiles(spool, "b", 2, 5000, 4);
        long secondBytes = sizes(spool);
        monitors.passed(engine.runPass(), incoming);
        String afterSecond = scrape(monitors.metricsAddress());

        assertThat(value(afterFirst, files) - value(before, files)).isEqualTo(3);
        assertThat(value(afterFirst, bytes) - value(before, bytes)).isEqualTo(firstBytes);
        assertThat(value(afterSecond, files) - value(afterFirst, files)).isEqualTo(2);
        assertThat(value(afterSecond, bytes) - value(afterFirst, bytes)).isEqualTo(secondBytes);
        assertThat(value(afterSecond, "tentacle_sync_passes_total")).isEqualTo(2);
        assertThat(value(afterSecond, "tentacle_sync_remote_up{remote=\"" + remote.label() + "\"}"))
                .isEqualTo(1);
        assertThat(files(incoming, "a.")).hasSize(3);

        site.close();
        monitors.passed(engine.runPass(), incoming);
        assertThat(value(
                        scrape(monitors.metricsAddress()),
                        "tentacle_sync_remote_up{remote=\"" + remote.label() + "\"}"))
                .isZero();
    }

    private static long sizes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
