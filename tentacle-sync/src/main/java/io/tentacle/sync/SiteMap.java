package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which remote each agent lives behind, keyed by its configuration name ({@code <key>.conf}), and
 * whether the central has had a configuration for it. Shared by the remotes of a pass; kept in
 * {@code .tentacle-sync/sites} between passes.
 *
 * <p>A site is learned from the data files pulled from a remote (the strongest evidence: the latest
 * remote an agent sent data through is where it lives, so an agent that moves follows its data), or,
 * for an agent not seen yet, from the configuration found on a remote. Only the "central had a
 * configuration" flag cannot be checked again: losing the file makes every agent configuration on a
 * remote that the central lacks look new, and the next pass copies it.
 */
final class SiteMap {
    private static final String HEADER = "tentacle-sync-sites 1";

    /** How a site was learned: data files outrank configuration found on a remote. */
    enum Evidence {
        DATA,
        CONF
    }

    private static final class Agent {
        String site;
        Evidence evidence;
        boolean centralHad;
    }

    private final Path file;
    private final Map<String, Agent> agents = new TreeMap<>();

    private SiteMap(Path file) {
        this.file = file;
    }

    /** Reads the map; a missing or damaged file is an empty map (sites are learned again from data). */
    static SiteMap load(Path file) {
        SiteMap map = new SiteMap(file);
        for (String line : StateLines.read(file, HEADER)) {
            String[] f = line.split("\t", -1);
            if (f.length != 5 || !f[0].equals("agent") || f[1].isEmpty()) {
                continue; // A damaged line: that agent is learned again.
            }
            Agent agent = new Agent();
            if (!f[2].isEmpty() && (f[3].equals("data") || f[3].equals("conf"))) {
                agent.site = f[2];
                agent.evidence = f[3].equals("data") ? Evidence.DATA : Evidence.CONF;
            }
            agent.centralHad = f[4].equals("1");
            map.agents.put(f[1], agent);
        }
        return map;
    }

    /** A data file pulled from {@code remote}: its agent lives there now. Names the data server ignores teach nothing. */
    synchronized void sawData(Remote remote, String dataFileName) {
        AgentKey.ofDataFile(dataFileName).ifPresent(agentKey -> {
            for (String key : AgentKey.configurationKeys(agentKey)) {
                Agent agent = agent(key);
                agent.site = remote.label();
                agent.evidence = Evidence.DATA;
            }
        });
    }

    /** Configuration for {@code key} found on {@code remote}: its site, unless one is known already. */
    synchronized void sawConfiguration(Remote remote, String key) {
        Agent agent = agent(key);
        if (agent.site == null) {
            agent.site = remote.label();
            agent.evidence = Evidence.CONF;
        }
    }

    /** The agent's site (a remote's label), if known. */
    synchronized Optional<String> siteOf(String key) {
        Agent agent = agents.get(key);
        return Optional.ofNullable(agent == null ? null : agent.site);
    }

    synchronized boolean livesAt(String key, Remote remote) {
        return siteOf(key).map(remote.label()::equals).orElse(false);
    }

    /** True when data shows the agent lives behind another remote: its configuration does not belong on this one. */
    synchronized boolean livesElsewhere(String key, Remote remote) {
        Agent agent = agents.get(key);
        return agent != null && agent.evidence == Evidence.DATA && !agent.site.equals(remote.label());
    }

    /** The central holds configuration for these agents now. */
    synchronized void centralHas(Collection<String> keys) {
        for (String key : keys) {
            agent(key).centralHad = true;
        }
    }

    synchronized boolean centralHad(String key) {
        Agent agent = agents.get(key);
        return agent != null && agent.centralHad;
    }

    /** The reset is complete (its site holds nothing for the agent): the agent's next upload is copied. */
    synchronized void resetDone(String key) {
        Agent agent = agents.get(key);
        if (agent != null) {
            agent.centralHad = false;
        }
    }

    /** Agents of {@code remote} whose central configuration was deleted, and whose reset is not finished. */
    synchronized List<String> resetsPendingAt(Remote remote, CentralConfiguration central) {
        return agents.entrySet().stream()
                .filter(e -> e.getValue().centralHad
                        && remote.label().equals(e.getValue().site)
                        && !central.hasConf(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized void save() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        agents.forEach((key, a) -> text.append("agent\t")
                .append(key)
                .append('\t')
                .append(a.site == null ? "" : a.site)
                .append('\t')
                .append(a.evidence == null ? "" : a.evidence == Evidence.DATA ? "data" : "conf")
                .append('\t')
                .append(a.centralHad ? '1' : '0')
                .append('\n'));
        StateLines.writeAtomically(file, text.toString());
    }

    private Agent agent(String key) {
        return agents.computeIfAbsent(key, k -> new Agent());
    }
}
