package io.tentacle.sync;

import io.tentacle.client.TentacleException;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.storage.NameRules;
import io.tentacle.sync.CentralConfiguration.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The configuration half of a pass, on one connection after the pull. The central is the master copy
 * of every agent's configuration, and each agent's configuration belongs on its own site only:
 * <ol>
 *   <li>the remote's {@code conf/} and {@code md5/} are listed, which also teaches the {@link SiteMap}
 *       where agents not seen yet live;</li>
 *   <li>{@link MasterCheck} pushes whatever the remote holds differently from the central, for the
 *       agents known to live behind it;</li>
 *   <li>once the pull of the pass has ended: configuration the remote should not hold is deleted there:
 *       that of an agent the central reset (it had a conf and no longer has one) and that of an agent
 *       living behind another remote. Only our server ({@code DEL}) and an SSH drop can delete; with any
 *       other the files are reported;</li>
 *   <li>an agent's own configuration is copied to the central only when the central never had one
 *       for it, or the reset finished (the remote held nothing for it) before the agent uploaded it;</li>
 *   <li>the master check again, for the agents that the pull showed to live behind this remote.</li>
 * </ol>
 * The exchange may run beside the pull, on its own connection. What it must not do before the pull
 * has ended is decide from where agents live that the pull can still change: an agent's data arriving
 * from this remote is the evidence that it moved here, and the pull is where it arrives. So the
 * steps that only add (listing, checking and pushing for agents already known here) run beside the
 * pull, and those that delete or copy, or that depend on an agent having just moved here, wait for
 * its end: with this remote's data seen, they decide as they did when the exchange followed the pull.
 * The remote is anything that can list, fetch, put and delete files ({@link RemoteFiles}): a Tentacle
 * server or an SSH drop, under the same rules.
 */
final class ConfigurationExchange {
    private static final int NAMES_IN_A_REPORT = 10;

    private final SyncConfig config;
    private final Remote remote;
    private final Incoming incoming;
    private final SiteMap sites;
    private final SyncListener listener;
    private final StopSignal stop;
    private final Consumer<String> errors;
    private final MasterCheck check;
    private int copied;

    ConfigurationExchange(
            SyncConfig config,
            Remote remote,
            Incoming incoming,
            SiteMap sites,
            SyncListener listener,
            StopSignal stop,
            Consumer<String> errors) {
        this.config = config;
        this.remote = remote;
        this.incoming = incoming;
        this.sites = sites;
        this.listener = listener;
        this.stop = stop;
        this.errors = errors;
        this.check = new MasterCheck(remote, incoming.copies(remote), listener, stop, errors);
    }

    void run(ReconnectingConnection connection) throws TentacleException, IOException {
        run(new TentacleRemoteFiles(connection));
    }

    void run(RemoteFiles files) throws IOException {
        run(files, CompletableFuture.completedFuture(null));
    }

    /** Beside a pull still running: waits for {@code pullEnded} before the steps that need its data (see above). */
    void run(RemoteFiles files, CompletableFuture<?> pullEnded) throws IOException {
        try {
            exchange(files, pullEnded);
        } finally {
            check.forgetCopies();
        }
    }

    private void exchange(RemoteFiles files, CompletableFuture<?> pullEnded) throws IOException {
        CentralConfiguration central;
        try {
            central = CentralConfiguration.scan(incoming.root(), config.pushDirs());
        } catch (IOException e) {
            errors.accept("cannot read the central configuration in " + incoming.root() + ": " + e.getMessage());
            return;
        }
        sites.centralHas(central.agentKeys());
        Set<String> remoteConfs = list(files, ".conf");
        Set<String> remoteMd5s = list(files, ".md5");
        Set<String> agentKeys = new TreeSet<>(keys(remoteConfs, ".conf"));
        for (String key : keys(remoteMd5s, ".md5")) {
            if (!central.isSharedMd5(key)) {
                agentKeys.add(key);
            }
        }
        agentKeys.forEach(key -> sites.sawConfiguration(remote, key));
        Set<String> checked = check(files, central, remoteConfs, Set.of());
        pullEnded.join();
        if (stop.isRaised()) {
            return;
        }
        removeUnwanted(files, central, agentKeys, remoteConfs, remoteMd5s);
        copyAgentConfiguration(files, central, agentKeys, remoteConfs, remoteMd5s);
        check(files, central, remoteConfs, checked);
    }

    /** The master check of the units this remote should hold now, but for those {@code checked} already; returns all checked. */
    private Set<String> check(
            RemoteFiles files, CentralConfiguration central, Set<String> remoteConfs, Set<String> checked)
            throws IOException {
        List<Unit> units = central.unitsFor(remote, sites).stream()
                .filter(u -> files.holds(u.name()) && !checked.contains(u.name()))
                .toList();
        if (!stop.isRaised()) {
            check.run(files, units, remoteConfs);
        }
        Set<String> all = new TreeSet<>(checked);
        units.forEach(u -> all.add(u.name()));
        return all;
    }

    int pushed() {
        return check.pushed();
    }

    long pushedBytes() {
        return check.pushedBytes();
    }

    int copied() {
        return copied;
    }

    /** The names of the directory the remote's filters route {@code x<suffix>} to; none when it has no such directory. */
    private static Set<String> list(RemoteFiles files, String suffix) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String name : files.list(suffix)) {
            if (name.endsWith(suffix)
                    && name.length() > suffix.length()
                    && !SpoolFiles.isTempName(name)
                    && NameRules.standard().isValid(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> keys(Set<String> names, String suffix) {
        return names.stream()
                .map(n -> n.substring(0, n.length() - suffix.length()))
                .toList();
    }

    /** Deletes (or, without DEL, reports) reset agents' and other sites' agents' configuration on this remote. */
    private void removeUnwanted(
            RemoteFiles files,
            CentralConfiguration central,
            Set<String> agentKeys,
            Set<String> remoteConfs,
            Set<String> remoteMd5s)
            throws IOException {
        List<String> undeletable = new ArrayList<>();
        for (String key : agentKeys) {
            boolean reset = !central.hasConf(key) && sites.centralHad(key);
            if (!reset && !sites.livesElsewhere(key, remote)) {
                continue;
            }
            // The conf first: an agent that finds its md5 but no conf retries later, one that finds
            // neither uploads its own, which must not be deleted by the second half of this.
            for (String name : List.of(key + ".conf", key + ".md5")) {
                if ((remoteConfs.contains(name) || remoteMd5s.contains(name)) && !delete(files, name)) {
                    undeletable.add((name.endsWith(".conf") ? "conf/" : "md5/") + name);
                }
            }
        }
        for (String key : sites.resetsPendingAt(remote, central)) {
            boolean holds = remoteConfs.contains(key + ".conf") || remoteMd5s.contains(key + ".md5");
            if (!holds
                    || undeletable.stream()
                            .noneMatch(n -> n.endsWith("/" + key + ".conf") || n.endsWith("/" + key + ".md5"))) {
                sites.resetDone(key);
            }
        }
        if (!undeletable.isEmpty()) {
            errors.accept(
                    undeletable.size() + " configuration file(s) here belong to reset agents or to agents of other"
                            + " sites, and only our server can delete remotely (DEL); remove them from the remote's storage by hand,"
                            + " or the agents keep the old configuration: " + abbreviate(undeletable));
        }
    }

    /** True when the file is gone from the remote; false when the remote cannot delete. */
    private boolean delete(RemoteFiles files, String name) throws IOException {
        if (!files.delete(name)) {
            return false;
        }
        listener.deleted(remote, name);
        return true;
    }

    private static String abbreviate(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_IN_A_REPORT)));
        return names.size() > NAMES_IN_A_REPORT ? shown + " ..." : shown;
    }

    /**
     * Copies (the remote keeps them) the conf and md5 an agent of this site uploaded, when the
     * central never had a conf for it. A central file is never replaced: it is the one the console edits.
     */
    private void copyAgentConfiguration(
            RemoteFiles files,
            CentralConfiguration central,
            Set<String> agentKeys,
            Set<String> remoteConfs,
            Set<String> remoteMd5s)
            throws IOException {
        for (String key : agentKeys) {
            if (stop.isRaised()) {
                return;
            }
            if (sites.centralHad(key) && !central.hasConf(key) || sites.livesElsewhere(key, remote)) {
                continue; // A reset in progress, or another site's agent: nothing here is the agent's own.
            }
            boolean haveConf = central.hasConf(key);
            if (!haveConf && remoteConfs.contains(key + ".conf")) {
                haveConf = copy(files, CentralConfiguration.CONF, key + ".conf");
                if (haveConf) {
                    sites.centralHas(List.of(key));
                }
            }
            // The agent uploads its conf, then its md5: the md5 may arrive a pass later.
            if (haveConf
                    && remoteMd5s.contains(key + ".md5")
                    && sites.livesAt(key, remote)
                    && !Files.exists(
                            incoming.root().resolve(CentralConfiguration.MD5).resolve(key + ".md5"))) {
                copy(files, CentralConfiguration.MD5, key + ".md5");
            }
        }
    }

    /** True when the central now has the file (copied, or already there). */
    private boolean copy(RemoteFiles files, String dir, String name) throws IOException {
        Path target = incoming.root().resolve(dir).resolve(name);
        Files.createDirectories(target.getParent());
        Path copies = Files.createDirectories(incoming.copies(remote));
        Path staged = copies.resolve(name);
        try {
            if (!files.fetch(name, staged)) {
                return false;
            }
        } catch (RemoteFiles.Refused e) {
            errors.accept("cannot copy " + dir + "/" + name + ": " + e.getMessage());
            return false;
        }
        if (Incoming.link(staged, target)) {
            copied++;
            listener.copied(remote, dir + "/" + name);
        } else {
            Files.deleteIfExists(staged);
        }
        return true;
    }
}
