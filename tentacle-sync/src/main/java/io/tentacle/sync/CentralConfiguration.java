package io.tentacle.sync;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The central's configuration as the push sees it, read once per remote pass: units of a payload and
 * the md5 file agents compare it by. Where a unit goes:
 * <ul>
 *   <li>{@code conf/<key>.conf} with {@code md5/<key>.md5}: only to the remote the agent lives behind
 *       ({@link SiteMap}); nowhere while its site is unknown;</li>
 *   <li>{@code collections/<c>.zip} with {@code md5/<c>.md5}, {@code commands/<ref>.rcmd} with
 *       {@code md5/<ref>.md5}, and any other push directory's files: to every remote;</li>
 *   <li>an md5 file that pairs with none of these: nowhere.</li>
 * </ul>
 */
final class CentralConfiguration {
    static final String CONF = "conf";
    static final String MD5 = "md5";
    static final String COLLECTIONS = "collections";
    static final String COMMANDS = "commands";

    /**
     * A payload and its md5 file, pushed in that order.
     *
     * @param md5 the md5 file, or null when the central has none (or md5 is not pushed): then the
     *     payload itself is compared
     * @param agentKey the agent it configures, or null for a unit every remote gets
     */
    record Unit(String dir, Path payload, Path md5, String agentKey) {
        String name() {
            return payload.getFileName().toString();
        }

        String label() {
            return dir + "/" + name();
        }

        String md5Label() {
            return MD5 + "/" + md5.getFileName();
        }
    }

    private final Map<String, Path> confs;
    private final Map<String, Path> md5s;
    private final List<Unit> shared = new ArrayList<>();
    private final boolean pushConf;

    private CentralConfiguration(Map<String, Path> confs, Map<String, Path> md5s, boolean pushConf) {
        this.confs = confs;
        this.md5s = md5s;
        this.pushConf = pushConf;
    }

    /** Reads the push directories (and conf/ and md5/, which decide resets even when not pushed). */
    static CentralConfiguration scan(Path root, List<String> pushDirs) throws IOException {
        boolean pushMd5 = pushDirs.contains(MD5);
        CentralConfiguration central = new CentralConfiguration(
                byKey(root.resolve(CONF), ".conf"), byKey(root.resolve(MD5), ".md5"), pushDirs.contains(CONF));
        for (String dir : pushDirs) {
            if (dir.equals(CONF) || dir.equals(MD5)) {
                continue;
            }
            for (Path file : visibleFiles(root.resolve(dir))) {
                String name = file.getFileName().toString();
                Path md5 = null;
                if (pushMd5
                        && (dir.equals(COLLECTIONS) && name.endsWith(".zip")
                                || dir.equals(COMMANDS) && name.endsWith(".rcmd"))) {
                    md5 = central.md5s.get(name.substring(0, name.lastIndexOf('.')));
                }
                central.shared.add(new Unit(dir, file, md5, null));
            }
        }
        if (!pushMd5) {
            central.md5s.clear();
        }
        return central;
    }

    /** The agents the central holds a configuration for. */
    java.util.Set<String> agentKeys() {
        return confs.keySet();
    }

    boolean hasConf(String key) {
        return confs.containsKey(key);
    }

    /** True when {@code <key>.md5} belongs to a collection or a remote command, not to an agent. */
    boolean isSharedMd5(String key) {
        return shared.stream()
                .anyMatch(
                        u -> u.md5() != null && u.md5().getFileName().toString().equals(key + ".md5"));
    }

    /** What {@code remote} should hold: its own agents' configuration and every shared unit. */
    List<Unit> unitsFor(Remote remote, SiteMap sites) {
        List<Unit> units = new ArrayList<>();
        if (pushConf) {
            confs.forEach((key, conf) -> {
                if (sites.livesAt(key, remote)) {
                    units.add(new Unit(CONF, conf, md5s.get(key), key));
                }
            });
        }
        units.addAll(shared);
        return units;
    }

    /** The agents whose site is not known yet: their configuration waits for their first data file. */
    List<String> unplaced(SiteMap sites) {
        return pushConf
                ? confs.keySet().stream().filter(k -> sites.siteOf(k).isEmpty()).toList()
                : List.of();
    }

    private static Map<String, Path> byKey(Path dir, String suffix) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        for (Path file : visibleFiles(dir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                files.put(name.substring(0, name.length() - suffix.length()), file);
            }
        }
        return files;
    }

    private static List<Path> visibleFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : Incoming.files(dir)) {
            String name = file.getFileName().toString();
            if (!SpoolFiles.isTempName(name) && NameRules.standard().isValid(name)) {
                files.add(file);
            }
        }
        files.sort(null);
        return files;
    }
}
