package io.tentacle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmark scenarios against our server and the Perl reference, on loopback, and prints one
 * table. Usage: {@code java -jar tentacle-bench.jar [all|burst|sustained|tmpfs|large|tls|puller|slowlink|codec|confcheck|collection|pullermem|remotes ...] [--quick]
 * [--reference PATH] [--reference-user USER] [--no-reference] [--work DIR] [--server-jvm "OPTS"]}.
 */
public final class Bench {
    private static final List<String> SCENARIOS = List.of(
            "burst",
            "sustained",
            "tmpfs",
            "large",
            "tls",
            "puller",
            "slowlink",
            "codec",
            "confcheck",
            "collection",
            "pullermem",
            "remotes");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Set<String> chosen = new LinkedHashSet<>();
        boolean quick = false;
        Path reference = Path.of("/tmp/ref/tentacle_server");
        String user = "tentacle";
        Path work = Path.of("/tmp/tentacle-bench");
        List<String> jvm = new ArrayList<>(List.of("-Xmx64m"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--reference" -> reference = Path.of(args[++i]);
                case "--reference-user" -> user = args[++i];
                case "--no-reference" -> reference = null;
                case "--work" -> work = Path.of(args[++i]);
                case "--server-jvm" ->
                    jvm = new ArrayList<>(List.of(args[++i].trim().split("\\s+")));
                case "all" -> chosen.addAll(SCENARIOS);
                case "-h", "--help" -> {
                    System.out.println(
                            "usage: tentacle-bench [all|" + String.join("|", SCENARIOS)
                                    + " ...] [--quick] [--reference PATH] [--reference-user USER] [--no-reference] [--work DIR] [--server-jvm OPTS]");
                    return;
                }
                default -> {
                    if (!SCENARIOS.contains(args[i])) {
                        System.err.println("unknown argument '" + args[i] + "' (try --help)");
                        System.exit(2);
                    }
                    chosen.add(args[i]);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS);
        }
        Files.createDirectories(work);
        work.toFile().setExecutable(true, false); // The reference's user must reach its spool.
        work.toFile().setReadable(true, false);
        Settings settings = new Settings(quick, work.toAbsolutePath(), reference, user, jvm, false);
        Run run = new Run(settings);
        System.out.println("# Tentacle benchmark " + (quick ? "(quick) " : "")
                + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println(Machine.describe());
        System.out.println("server JVM options: " + String.join(" ", jvm));
        if (!settings.referenceAvailable()) {
            System.out.println("reference server not found (" + reference + "): reference columns stay empty");
        }
        long start = System.nanoTime();
        for (String scenario : chosen) {
            System.out.println("## " + scenario + " (load " + run.load() + ")");
            try {
                switch (scenario) {
                    case "burst" -> BurstScenario.run(run);
                    case "sustained" -> SustainedScenario.run(run);
                    case "tmpfs" -> SustainedScenario.runOnTmpfs(run);
                    case "large" -> LargeFileScenario.run(run);
                    case "tls" -> HandshakeScenario.run(run);
                    case "puller" -> PullerScenario.run(run);
                    case "slowlink" -> SlowLinkScenario.run(run);
                    case "codec" -> CompressionScenario.run(run);
                    case "confcheck" -> ConfigCheckScenario.run(run);
                    case "collection" -> CollectionScenario.run(run);
                    case "pullermem" -> PullerMemoryScenario.run(run);
                    case "remotes" -> ManyRemotesScenario.run(run);
                    default -> throw new IllegalStateException(scenario);
                }
            } catch (Exception e) {
                System.out.println("  scenario " + scenario + " failed: " + e);
                e.printStackTrace(System.out);
            }
        }
        run.cleanUp();
        System.out.println();
        System.out.printf(
                "Finished in %.0f s. Reference run with -c equal to the clients at once (burst: all of them).%n",
                (System.nanoTime() - start) / 1e9);
        System.out.println();
        run.results().print(System.out);
    }
}
