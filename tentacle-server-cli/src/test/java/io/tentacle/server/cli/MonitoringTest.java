package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.RawClient;
import io.tentacle.testing.ServerProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** --report-agent and --metrics on a server in its own JVM, driven over real sockets and HTTP. */
class MonitoringTest {
    static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path spool;

    static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return response.body();
    }

    /** The value of one series, e.g. {@code tentacle_server_refusals_total{reason="too_big"}}. */
    static double value(String exposition, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("%s in%n%s", series, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static String send(int port, String name, byte[] data) throws IOException {
        try (RawClient client = RawClient.connect(port)) {
            String reply =
                    client.writeLine("SEND <" + name + "> SIZE " + data.length).readLine();
            if (reply.equals("SEND OK")) {
                reply = client.write(data).readLine();
            }
            client.writeLine("QUIT");
            return reply;
        }
    }

    /** name -> data of every module of a report. */
    static Map<String, String> modules(Path report) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(report)))
                .getDocumentElement();
        Map<String, String> modules = new HashMap<>();
        NodeList list = root.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            Element m = (Element) list.item(i);
            modules.put(
                    m.getElementsByTagName("name").item(0).getTextContent(),
                    m.getElementsByTagName("data").item(0).getTextContent());
        }
        modules.put("@agent_name", root.getAttribute("agent_name"));
        return modules;
    }

    static List<Path> reports(Path spool, String key) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().startsWith(key + "."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void metricsMoveByExactlyWhatWasSentAndTheReportSaysSo() throws Exception {
        int metricsPort = ServerProcess.freePort();
        try (ServerProcess server = CliServer.launch(
                "-s",
                spool.toString(),
                "-m",
                "1000",
                "--report-agent",
                "site <1> & co",
                "--report-interval",
                "1",
                "--metrics",
                "127.0.0.1:" + metricsPort)) {
            server.awaitReady(CliServer.STARTED);
            assertThat(server.output())
                    .contains(
                            "report agent 'site <1> & co' every 1 s",
                            "metrics on 127.0.0.1:" + metricsPort,
                            "Metrics for Prometheus at http://127.0.0.1:" + metricsPort + "/metrics");
            String before = scrape(metricsPort);

            byte[] a = new byte[100];
            byte[] b = new byte[900];
            Arrays.fill(b, (byte) 'b');
            assertThat(send(server.port(), "a.1.data", a)).isEqualTo("SEND OK");
            assertThat(send(server.port(), "b.2.data", b)).isEqualTo("SEND OK");
            assertThat(send(server.port(), "big.3.data", new byte[1001])).isEqualTo("SEND ERR (file is too big)");
            assertThat(send(server.port(), "a.1.data", a)).isEqualTo("SEND ERR (file already exists)");
            String after = scrape(metricsPort);

            assertThat(value(after, "tentacle_server_files_received_total")
                            - value(before, "tentacle_server_files_received_total"))
                    .isEqualTo(2);
            assertThat(value(after, "tentacle_server_bytes_received_total")
                            - value(before, "tentacle_server_bytes_received_total"))
                    .isEqualTo(1000);
            assertThat(value(after, "tentacle_server_refusals_total{reason=\"too_big\"}")
                            - value(before, "tentacle_server_refusals_total{reason=\"too_big\"}"))
                    .isEqualTo(1);
            assertThat(value(after, "tentacle_server_refusals_total{reason=\"exists\"}")
                            - value(before, "tentacle_server_refusals_total{reason=\"exists\"}"))
                    .isEqualTo(1);
            assertThat(value(after, "tentacle_server_connections_total")
                            - value(before, "tentacle_server_connections_total"))
                    .isEqualTo(4);
            assertThat(value(after, "tentacle_server_storage_free_bytes")).isPositive();
            assertThat(value(after, "tentacle_server_files_buffered")).isGreaterThanOrEqualTo(2);

            // A report written after the uploads counts them all: the server's own figures, in its own storage.
            String key = "site__1____co";
            Optional<Map<String, String>> report = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (report.isEmpty() && System.nanoTime() < deadline) {
                for (Path p : reports(spool, key)) {
                    assertThat(p.getFileName().toString()).matches(DATA_SERVER);
                    Map<String, String> m = modules(p);
                    if (m.get("Files received total").equals("2")) {
                        report = Optional.of(m);
                    }
                }
                Thread.onSpinWait();
            }
            assertThat(report)
                    .as("a report counting the uploads; output:%n%s", server.output())
                    .isPresent();
            Map<String, String> m = report.get();
            assertThat(m)
                    .containsEntry("@agent_name", "site <1> & co")
                    .containsEntry("Bytes received total", "1000")
                    .containsKeys(
                            "Files received",
                            "Refusals too_big",
                            "Storage free",
                            "Storage free %",
                            "Files buffered",
                            "Oldest buffered file age",
                            "Connections open",
                            "Sessions waiting",
                            "TLS handshake failures",
                            "Uptime",
                            "Version");
            assertThat(Long.parseLong(m.get("Files buffered"))).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void badMonitoringSettingsAreRefusedWithTheirCause() {
        OptionsTest.Run relaying = OptionsTest.execute("-b", "127.0.0.1", "--report-agent", "x", "--check-config");
        assertThat(relaying.exit()).isEqualTo(2);
        assertThat(relaying.err()).contains("option --report-agent", "relaying server (-b) has no storage directory");

        OptionsTest.Run address =
                OptionsTest.execute("-s", spool.toString(), "--metrics", "localhost", "--check-config");
        assertThat(address.exit()).isEqualTo(2);
        assertThat(address.err()).contains("option --metrics", "is not ADDRESS:PORT");

        OptionsTest.Run interval = OptionsTest.execute(
                "-s", spool.toString(), "--report-agent", "x", "--report-interval", "0", "--check-config");
        assertThat(interval.exit()).isEqualTo(2);
        assertThat(interval.err()).contains("option --report-interval", "not a number of seconds");
    }
}
