package io.tentacle.bench;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Scenario 8, the configuration half of a pass through far links (issue 15). A site of N agents whose
 * configuration on the remote already equals the central's: one pass of the real puller checks every
 * agent (the master check) and has nothing to pull or push. Against our server it copies the remote's
 * md5 files in pages (COPY, batch version 2); against ours held at version 1 and against the reference
 * it fetches each by RECV, two round trips an agent. Then a policy rollout: every agent's conf changed
 * on the central, so every conf and md5 is pushed: with PUT to our server (a thousand files a round
 * trip), with SEND (two round trips a file) to ours held at version 1.
 *
 * <p>The ways that cost round trips per agent are measured with a few agents, k1 and k2, and projected
 * to N (shown with {@code ~}): the time of k1 plus (t(k2) - t(k1)) per extra agent. Each measured pass
 * follows a pass through the same link that taught the puller where the agents live (their data).
 */
final class ConfigCheckScenario {
    private static final String FILTERS = ".*\\.conf:conf;.*\\.md5:md5";
    private static final int FEW = 2;

    private ConfigCheckScenario() {}

    private enum Way {
        COPY("check: ours, COPY (batch version 2)", ServerUnderTest.Kind.OURS, 2, false),
        RECV("check: ours held at version 1, RECV per agent", ServerUnderTest.Kind.OURS, 1, false),
        REFERENCE("check: reference, RECV per agent", ServerUnderTest.Kind.REFERENCE, 0, false),
        PUT("rollout, every conf changed: ours, PUT (batch version 2)", ServerUnderTest.Kind.OURS, 2, true),
        SEND("rollout, every conf changed: ours held at version 1, SEND per file", ServerUnderTest.Kind.OURS, 1, true);

        final String label;
        final ServerUnderTest.Kind kind;
        final int batchVersion;
        final boolean changed;

        Way(String label, ServerUnderTest.Kind kind, int batchVersion, boolean changed) {
            this.label = label;
            this.kind = kind;
            this.batchVersion = batchVersion;
            this.changed = changed;
        }
    }

    static void run(Run run) throws Exception {
        int agents = run.settings().quick() ? 1000 : 10_000;
        for (SlowLinkScenario.Link link : SlowLinkScenario.selectedLinks()) {
            if (link.bitsPerSecond() == 0) {
                continue;
            }
            // Enough agents that their round trips outweigh the pass's own, few enough for about 15 s.
            int many = (int) Math.max(12, 15_000 / (2.4 * link.rttMillis()));
            String scenario = "8 configuration check, " + agents + " agents, through " + link.label();
            for (Way way : Way.values()) {
                if (way.kind == ServerUnderTest.Kind.REFERENCE
                        && !run.settings().referenceAvailable()) {
                    continue;
                }
                String shown;
                int pushed;
                if (way == Way.COPY || way == Way.PUT) {
                    Pass all = pass(run, way, agents, link);
                    shown = Results.num(all.seconds()) + " s";
                    pushed = all.pushed();
                } else {
                    Pass few = pass(run, way, FEW, link);
                    Pass more = pass(run, way, many, link);
                    double perAgent = (more.seconds() - few.seconds()) / (many - FEW);
                    shown = "~" + Results.num(few.seconds() + perAgent * (agents - FEW)) + " s (" + FEW + ": "
                            + Results.num(few.seconds()) + " s, " + many + ": " + Results.num(more.seconds()) + " s)";
                    pushed = more.pushed();
                }
                run.results()
                        .add(new Results.Row(
                                scenario,
                                way.label + ": seconds for the pass",
                                way.kind == ServerUnderTest.Kind.OURS ? shown : "-",
                                way.kind == ServerUnderTest.Kind.REFERENCE ? shown : "-",
                                "-",
                                pushed + " file(s) pushed in the measured pass",
                                "-",
                                "-",
                                run.load()));
            }
        }
    }

    private record Pass(double seconds, int pushed) {}

    /** A learning pass and the measured pass, against a fresh server, both through {@code link}. */
    private static Pass pass(Run run, Way way, int agents, SlowLinkScenario.Link link) throws Exception {
        Path spool = run.freshDirectory("conf-remote");
        Path incoming = run.freshDirectory("conf-incoming");
        for (Path side : new Path[] {spool, incoming}) {
            Files.createDirectories(side.resolve("conf"));
            Files.createDirectories(side.resolve("md5"));
        }
        for (int i = 0; i < agents; i++) {
            String key = md5Hex("agent-" + i);
            Files.writeString(spool.resolve(key + ".1.data"), "<agent_data/>");
            configuration(spool, key, "module " + i + "\n");
            configuration(incoming, key, "module " + i + "\n");
        }
        ServerUnderTest.Spec spec =
                new ServerUnderTest.Spec(spool, 2_000_000, 100, null, null, FILTERS, way.batchVersion);
        try (ServerUnderTest server = ServerUnderTest.start(way.kind, spec, run.settings(), true);
                DelayProxy proxy = new DelayProxy(server.port(), link.rttMillis() / 2, link.bitsPerSecond())) {
            SyncConfig config = SyncConfig.builder(incoming)
                    .remote(new Remote("127.0.0.1", proxy.port()))
                    .maxQueueFiles(0)
                    .build();
            PassReport learning = new SyncEngine(config, SyncListener.NONE).runPass();
            if (!learning.ok() || learning.remotes().get(0).pulledFiles() != agents) {
                throw new IllegalStateException("the learning pass failed: " + learning.toJson());
            }
            if (way.changed) {
                for (int i = 0; i < agents; i++) {
                    configuration(incoming, md5Hex("agent-" + i), "module " + i + " changed by a policy\n");
                }
            }
            long start = System.nanoTime();
            PassReport measured = new SyncEngine(config, SyncListener.NONE).runPass();
            double seconds = (System.nanoTime() - start) / 1e9;
            RemoteReport remote = measured.remotes().get(0);
            System.out.println(
                    "    " + way.label + ", " + agents + " agents, " + link.label() + ": " + remote.summary());
            if (!measured.ok()) {
                throw new IllegalStateException("the measured pass failed: " + measured.toJson());
            }
            return new Pass(seconds, remote.pushedFiles());
        }
    }

    /** An agent's conf and its md5, as Pandora's console writes them. */
    private static void configuration(Path root, String key, String conf) throws IOException {
        Files.writeString(root.resolve("conf").resolve(key + ".conf"), conf);
        Files.writeString(root.resolve("md5").resolve(key + ".md5"), md5Hex(conf));
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
