package io.tentacle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Scenario 10, the puller's memory against the size of its batches (issue 15): one remote of ours
 * drained on loopback by the puller in a process of its own, {@code -Xmx64m}, with files that keep its
 * batches small (200 agent files: batches of 64 to 136), large in count (10,000 agent files: up to 1000
 * a batch) and large in bytes (200 files of 1 MB: up to 8 MiB a batch). Its peak RSS should not follow
 * the batch: a batch streams through a 64 KiB buffer into staging files.
 */
final class PullerMemoryScenario {
    private record Drain(String label, int files, int bytesEach) {}

    private static final List<Drain> DRAINS = List.of(
            new Drain("200 agent files (small batches)", 200, 0),
            new Drain("10,000 agent files (1000 a batch)", 10_000, 0),
            new Drain("200 files of 1 MB (8 MiB a batch)", 200, 1_000_000));

    private PullerMemoryScenario() {}

    static void run(Run run) throws Exception {
        StringBuilder shown = new StringBuilder();
        for (Drain drain : DRAINS) {
            Path spool = run.freshDirectory("pullermem-remote");
            Path incoming = run.freshDirectory("pullermem-incoming");
            if (drain.bytesEach() == 0) {
                new AgentXml(15).writeFiles(spool, drain.files());
            } else {
                Random random = new Random(15);
                byte[] content = new byte[drain.bytesEach()];
                for (int i = 0; i < drain.files(); i++) {
                    random.nextBytes(content);
                    Files.write(spool.resolve("big-" + i + ".1.data"), content);
                }
            }
            ServerUnderTest.Spec spec = new ServerUnderTest.Spec(spool, 2_000_000, 100, null, null);
            try (ServerUnderTest server =
                    ServerUnderTest.start(ServerUnderTest.Kind.OURS, spec, run.settings(), true)) {
                Path ports = Files.writeString(
                        run.freshDirectory("pullermem-ports").resolve("ports"), Integer.toString(server.port()));
                Process puller = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx64m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ManyRemotesPuller.class.getName(),
                                incoming.toString(),
                                ports.toString())
                        .redirectErrorStream(true)
                        .start();
                String[] done = ManyRemotesScenario.readyLine(puller, "DONE ").split(" ");
                puller.waitFor();
                if (Integer.parseInt(done[2]) != drain.files() || Integer.parseInt(done[3]) != 0) {
                    throw new IllegalStateException(
                            drain.label() + ": pulled " + done[2] + " with " + done[3] + " failed remote(s)");
                }
                long rssMb = Long.parseLong(done[5]) / 1024;
                System.out.println("    " + drain.label() + ": " + done[1] + " s, puller peak RSS " + rssMb + " MB");
                shown.append(shown.isEmpty() ? "" : "; ")
                        .append(drain.label())
                        .append(": ")
                        .append(rssMb)
                        .append(" MB");
            }
        }
        run.results()
                .add(new Results.Row(
                        "10 puller memory, -Xmx64m, loopback",
                        "puller peak RSS by batch size",
                        shown.toString(),
                        "-",
                        "-",
                        "-",
                        "flat in the batch size",
                        "-",
                        run.load()));
    }
}
