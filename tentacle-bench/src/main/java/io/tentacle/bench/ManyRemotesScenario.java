package io.tentacle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 9, one puller for many sites: one pass with the default settings over 1,000 (and 10,000)
 * remotes of 10 files of 4 KB each. The remotes are servers of ours sharing one set of threads in
 * processes of their own, up to 4,000 each ({@link RemoteFarm}); the puller runs in another ({@link ManyRemotesPuller}),
 * whose OS threads are sampled every 10 ms and whose peak RSS and CPU it reports itself.
 */
final class ManyRemotesScenario {
    private static final int FILES = 10;
    private static final String TARGET = "1,000: < 30 s, <= 64 threads, < 400 MB";

    private ManyRemotesScenario() {}

    private record Pass(double seconds, int files, int failed, double cpuSeconds, long peakRssKb, int peakThreads) {}

    static void run(Run run) throws Exception {
        for (int remotes : run.settings().quick() ? new int[] {1000} : new int[] {1000, 10_000}) {
            Pass pass = pass(run, remotes);
            boolean target = remotes == 1000;
            boolean met = pass.failed() == 0
                    && pass.files() == remotes * FILES
                    && pass.seconds() < 30
                    && pass.peakThreads() <= 64
                    && pass.peakRssKb() < 400 * 1024;
            run.results()
                    .add(new Results.Row(
                            "9 one pass over " + String.format("%,d", remotes) + " remotes x " + FILES
                                    + " x 4 KB, default settings",
                            "s; peak threads; peak RSS; CPU per file",
                            Results.num(pass.seconds()) + " s; " + pass.peakThreads() + " threads; "
                                    + pass.peakRssKb() / 1024 + " MB; "
                                    + Results.num(pass.cpuSeconds() * 1e6 / Math.max(1, pass.files())) + " us"
                                    + (pass.failed() > 0 ? "; " + pass.failed() + " remotes failed" : ""),
                            "-",
                            "-",
                            "-",
                            target ? TARGET : "-",
                            target ? Results.verdict(true, met) : "-",
                            run.load()));
        }
    }

    private static Pass pass(Run run, int remotes) throws Exception {
        Path sites = run.freshDirectory("sites-" + remotes);
        Path incoming = run.freshDirectory("many-incoming-" + remotes);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<Process> farms = new ArrayList<>();
        try {
            List<String> ports = new ArrayList<>();
            for (int first = 0; first < remotes; first += RemoteFarm.MAX_REMOTES) {
                Path dir = Files.createDirectories(sites.resolve("farm-" + farms.size()));
                Process farm = new ProcessBuilder(
                                java,
                                "-cp",
                                classpath,
                                RemoteFarm.class.getName(),
                                dir.toString(),
                                Integer.toString(Math.min(RemoteFarm.MAX_REMOTES, remotes - first)),
                                Integer.toString(FILES),
                                Integer.toString(first))
                        .redirectError(dir.resolve("farm.log").toFile())
                        .start();
                farms.add(farm);
                ports.addAll(Files.readAllLines(
                        Path.of(readyLine(farm, "READY ").substring(6).trim())));
            }
            Path portsFile = Files.write(sites.resolve("ports"), ports);
            Process puller = new ProcessBuilder(
                            java,
                            "-cp",
                            classpath,
                            ManyRemotesPuller.class.getName(),
                            incoming.toString(),
                            portsFile.toString())
                    .redirectErrorStream(true)
                    .start();
            AtomicLong peakThreads = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (puller.isAlive()) {
                    try {
                        peakThreads.accumulateAndGet(status("Threads", Long.toString(puller.pid())), Math::max);
                        Thread.sleep(10);
                    } catch (IOException | RuntimeException e) {
                        return; // The process ended between the check and the read.
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            String[] done = readyLine(puller, "DONE ").split(" ");
            puller.waitFor();
            sampler.join();
            Pass pass = new Pass(
                    Double.parseDouble(done[1]),
                    Integer.parseInt(done[2]),
                    Integer.parseInt(done[3]),
                    Long.parseLong(done[4]) / 1e9,
                    Long.parseLong(done[5]),
                    (int) peakThreads.get());
            System.out.println("    " + remotes + " remotes: " + pass);
            return pass;
        } finally {
            for (Process farm : farms) {
                farm.getOutputStream().close();
                if (!farm.waitFor(60, TimeUnit.SECONDS)) {
                    farm.destroyForcibly();
                }
            }
        }
    }

    /** Reads the process's output until a line starting with {@code prefix}, echoing the others. */
    static String readyLine(Process process, String prefix) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            System.out.println("    | " + line);
            seen.add(line);
        }
        throw new IOException("the process ended without saying " + prefix.trim() + ": " + seen);
    }

    /** A number from {@code /proc/<pid>/status} ("kB" dropped): Threads, VmHWM ... */
    static long status(String field, String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }
}
