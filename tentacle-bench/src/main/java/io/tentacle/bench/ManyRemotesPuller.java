package io.tentacle.bench;

import com.sun.management.OperatingSystemMXBean;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The puller as an operator runs it, in a process of its own so that its threads and memory are its
 * own: one pass with the default settings over the remotes of a {@link RemoteFarm} (no queue limit, so
 * that every file is taken). Prints {@code DONE <seconds> <files> <failed remotes> <cpu ns> <peak rss kB>}.
 * Usage: {@code ManyRemotesPuller INCOMING PORTS_FILE}.
 */
final class ManyRemotesPuller {
    private ManyRemotesPuller() {}

    public static void main(String[] args) throws Exception {
        Path incoming = Path.of(args[0]);
        List<Remote> remotes = Files.readAllLines(Path.of(args[1])).stream()
                .map(port -> new Remote("127.0.0.1", Integer.parseInt(port.trim())))
                .toList();
        SyncConfig config =
                SyncConfig.builder(incoming).remotes(remotes).maxQueueFiles(0).build();
        long start = System.nanoTime();
        PassReport report = new SyncEngine(config, SyncListener.NONE).runPass();
        double seconds = (System.nanoTime() - start) / 1e9;
        int files =
                report.remotes().stream().mapToInt(RemoteReport::pulledFiles).sum();
        long failed =
                report.remotes().stream().filter(r -> !r.errors().isEmpty()).count();
        report.remotes().stream()
                .filter(r -> !r.errors().isEmpty())
                .limit(3)
                .forEach(r -> System.out.println("failed: " + r.remote() + ": " + r.errors()));
        long cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.println("DONE " + seconds + " " + files + " " + failed + " " + cpu + " "
                + ManyRemotesScenario.status("VmHWM", "self"));
    }
}
