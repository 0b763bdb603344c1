package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What an operator runs to shard the puller, checked as the engines read it: the systemd template
 * units by {@code systemd-analyze verify}, the Kubernetes example by a YAML parser; and the
 * arguments each gives the command, run through it ({@code --dry-run}).
 */
class ShardDeploymentTest {
    private static final Path DIST = Path.of("dist");

    @TempDir
    Path tmp;

    // ---- systemd: tentacle-sync@K-of-N.service and .timer

    @Test
    void the_template_units_pass_systemd_analyze_verify() throws Exception {
        Path analyze = systemdAnalyze();
        Result result = verify(analyze, Files.readString(DIST.resolve("tentacle-sync@.service")));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).as("systemd-analyze's complaints").isEmpty();
    }

    /** The check above can fail: a mistake in the unit is reported. */
    @Test
    void systemd_analyze_here_reports_a_broken_unit() throws Exception {
        Path analyze = systemdAnalyze();
        String broken =
                Files.readString(DIST.resolve("tentacle-sync@.service")).replace("Type=oneshot", "Type=oneshut");
        assertThat(verify(analyze, broken).output()).contains("oneshut");
    }

    @Test
    void the_instance_name_k_of_n_is_the_shard_the_command_serves() throws Exception {
        String unit = Files.readString(DIST.resolve("tentacle-sync@.service"));
        String execStart =
                unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = new ArrayList<>(
                Arrays.asList(execStart.substring("ExecStart=".length()).split(" ")));
        assertThat(words.remove(0)).isEqualTo("/usr/bin/tentacle-sync");
        assertThat(words).containsSequence("--shard", "%i");
        Path conf = Files.writeString(
                tmp.resolve("pandora_server.conf"),
                "syncserver 1\nsync_address 10.0.0.1,10.0.0.2\n" + "incomingdir "
                        + Files.createDirectories(tmp.resolve("data_in")) + "\n");
        List<String> args = new ArrayList<>(
                words.stream().map(w -> w.replace("%i", "2-of-4")).toList());
        args.set(args.indexOf("-c") + 1, conf.toString());
        args.add("--dry-run");
        Cli run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("# shard 2/4: ");
    }

    @Test
    void the_template_timer_runs_its_own_instance_every_minute() throws IOException {
        String timer = Files.readString(DIST.resolve("tentacle-sync@.timer"));
        assertThat(timer)
                .contains("OnUnitActiveSec=1min")
                .contains("WantedBy=timers.target")
                .doesNotContain("Unit=");
    }

    private static Path systemdAnalyze() {
        Path analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        assumeTrue(
                analyze != null,
                "systemd-analyze is not installed (Debian package systemd): the units are not verified");
        return analyze;
    }

    private record Result(int exit, String output) {}

    /**
     * Verifies {@code service} and the timer as instance {@code 2-of-4}. The command is checked to be
     * executable, so it points at a stand-in for {@code /usr/bin/tentacle-sync}, which the build machine
     * does not have.
     */
    private Result verify(Path analyze, String service) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("units"));
        Path command = Files.writeString(dir.resolve("tentacle-sync"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                dir.resolve("tentacle-sync@2-of-4.service"),
                service.replace("/usr/bin/tentacle-sync", command.toString()));
        Files.copy(DIST.resolve("tentacle-sync@.timer"), dir.resolve("tentacle-sync@2-of-4.timer"));
        Process p = new ProcessBuilder(
                        analyze.toString(),
                        "verify",
                        "--man=no",
                        "./tentacle-sync@2-of-4.service",
                        "./tentacle-sync@2-of-4.timer")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze ended").isTrue();
        return new Result(p.exitValue(), output.strip());
    }

    // ---- Kubernetes: dist/kubernetes-shards.yaml

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object o = node;
        for (String key : path) {
            assertThat(o).as("a mapping holding " + key).isInstanceOf(Map.class);
            o = ((Map<String, Object>) o).get(key);
        }
        return (T) o;
    }

    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(DIST.resolve("kubernetes-shards.yaml")))) {
            docs.add(at(doc));
        }
        return docs;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static Map<String, Object> named(List<Map<String, Object>> items, String name) {
        return items.stream()
                .filter(i -> name.equals(i.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing named " + name + " in " + items));
    }

    @Test
    void the_statefulset_gives_each_pod_its_index_as_the_shard() throws IOException {
        Map<String, Object> set = kind(documents(), "StatefulSet");
        int replicas = at(set, "spec", "replicas");
        Map<String, Object> container = container(set);
        Map<String, Object> index = named(at(container, "env"), "SHARD_INDEX");
        assertThat((String) at(index, "valueFrom", "fieldRef", "fieldPath"))
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        List<String> args = at(container, "args");
        assertThat(args)
                .containsSequence("--shard-index", "$(SHARD_INDEX)/" + replicas)
                .contains("--daemon");
    }

    @Test
    void the_pods_run_as_the_images_non_root_user_with_the_conf_and_incoming_directory_mounted() throws IOException {
        List<Map<String, Object>> docs = documents();
        Map<String, Object> set = kind(docs, "StatefulSet");
        Map<String, Object> pod = at(set, "spec", "template", "spec");
        assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Integer) at(pod, "securityContext", "runAsUser"))
                .as("the image's user (tentacle-dist)")
                .isEqualTo(10001);
        assertThat((Integer) at(pod, "securityContext", "fsGroup")).isEqualTo(10001);
        Map<String, Object> container = container(set);
        assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation"))
                .isFalse();
        assertThat((Integer) at(pod, "terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);

        List<Map<String, Object>> mounts = at(container, "volumeMounts");
        Map<String, Object> confMount = mounts.stream()
                .filter(m -> "/etc/pandora".equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> confVolume = named(at(pod, "volumes"), (String) confMount.get("name"));
        String configMap = at(confVolume, "configMap", "name");
        assertThat((String) at(kind(docs, "ConfigMap"), "metadata", "name")).isEqualTo(configMap);
        assertThat((Map<String, Object>) at(kind(docs, "ConfigMap"), "data")).containsKey("pandora_server.conf");
        List<String> args = at(container, "args");
        assertThat(args).containsSequence("-c", "/etc/pandora/pandora_server.conf");

        Map<String, Object> dataMount = mounts.stream()
                .filter(m -> "/var/spool/pandora/data_in".equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> claims = at(set, "spec", "volumeClaimTemplates");
        assertThat(claims.stream().map(c -> (String) at(c, "metadata", "name")))
                .contains((String) dataMount.get("name"));
        assertThat(confString(docs)).contains("incomingdir /var/spool/pandora/data_in");
    }

    @Test
    void the_image_is_the_one_tentacle_dist_builds() throws IOException {
        String image = at(container(kind(documents(), "StatefulSet")), "image");
        String distPom = Files.readString(Path.of("..", "tentacle-dist", "pom.xml"));
        assertThat(distPom).contains("<image>tentacle-sync:${project.version}</image>");
        Matcher version =
                Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(image).isEqualTo("tentacle-sync:" + version.group(1));
    }

    /** Every pod's arguments, with its index put in as Kubernetes does, run against the ConfigMap's file. */
    @Test
    @SuppressWarnings("unchecked")
    void the_pods_arguments_and_configuration_split_the_remotes_among_the_shards() throws IOException {
        List<Map<String, Object>> docs = documents();
        Map<String, Object> set = kind(docs, "StatefulSet");
        int replicas = at(set, "spec", "replicas");
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Path conf = Files.writeString(tmp.resolve("pandora_server.conf"), confString(docs));
        List<String> served = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            List<String> args = new ArrayList<>();
            for (String arg : (List<String>) at(container(set), "args")) {
                args.add(arg.replace("$(SHARD_INDEX)", String.valueOf(i)));
            }
            args.set(args.indexOf("-c") + 1, conf.toString());
            args.addAll(List.of("-i", incoming.toString(), "--dry-run"));
            Cli run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains("# shard " + (i + 1) + "/" + replicas + ": ")
                    .contains("# runs: a pass every 60 s");
            run.out().lines().filter(l -> !l.startsWith("#")).forEach(served::add);
        }
        assertThat(served)
                .containsExactlyInAnyOrder(
                        "10.142.50.10:41121", "10.142.50.11:41121", "10.142.50.12:41121", "20.152.50.20:41121");
    }

    private static Map<String, Object> container(Map<String, Object> set) {
        return named(at(set, "spec", "template", "spec", "containers"), "tentacle-sync");
    }

    private static String confString(List<Map<String, Object>> docs) {
        return at(kind(docs, "ConfigMap"), "data", "pandora_server.conf");
    }
}
