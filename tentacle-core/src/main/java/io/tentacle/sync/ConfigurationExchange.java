package io.tentacle.sync;

import io.tentacle.client.TentacleException;
import io.tentacle.storage.NameRules;
import io.tentacle.storage.SpoolFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The configuration half of a pass, on one connection after the pull: pushes the central files the
 * remote has not acknowledged yet, and copies the agents' own configuration the central lacks.
 */
final class ConfigurationExchange {
    private final SyncConfig config;
    private final Remote remote;
    private final Incoming incoming;
    private final SyncListener listener;
    private final StopSignal stop;
    private final Consumer<String> errors;
    private int pushed;
    private long pushedBytes;
    private int copied;

    ConfigurationExchange(SyncConfig config, Remote remote, Incoming incoming, SyncListener listener, StopSignal stop,
                          Consumer<String> errors) {
        this.config = config;
        this.remote = remote;
        this.incoming = incoming;
        this.listener = listener;
        this.stop = stop;
        this.errors = errors;
    }

    void run(Link link, RemoteState state) throws TentacleException, IOException {
        push(link, state);
        copyAgentConfiguration(link, state);
    }

    int pushed() {
        return pushed;
    }

    long pushedBytes() {
        return pushedBytes;
    }

    int copied() {
        return copied;
    }

    /** Sends every file of the push directories that changed since the remote last acknowledged it. */
    private void push(Link link, RemoteState state) throws TentacleException {
        for (String dir : config.pushDirs()) {
            List<Path> files;
            try {
                files = Incoming.files(incoming.root().resolve(dir));
            } catch (IOException e) {
                errors.accept("cannot read " + incoming.root().resolve(dir) + ": " + e.getMessage());
                continue;
            }
            files.sort(Comparator.comparing(Path::getFileName));
            for (Path file : files) {
                if (stop.isRaised()) {
                    return;
                }
                pushOne(link, state, dir, file);
            }
        }
    }

    private void pushOne(Link link, RemoteState state, String dir, Path file) throws TentacleException {
        String name = file.getFileName().toString();
        if (SpoolFiles.isTempName(name) || !NameRules.standard().isValid(name)) {
            return;
        }
        String key = dir + "/" + name;
        RemoteState.Version version;
        try {
            version = RemoteState.Version.of(file);
        } catch (IOException e) {
            return; // Removed since it was listed.
        }
        if (state.isPushed(key, version)) {
            return;
        }
        if (version.size() == 0) {
            listener.problem(remote, "not pushing " + key + ": Tentacle cannot transfer an empty file");
            return;
        }
        try {
            link.run("SEND " + name, c -> {
                c.send(file, name);
                return null;
            });
            state.markPushed(key, version);
            pushed++;
            pushedBytes += version.size();
            listener.pushed(remote, key, version.size());
        } catch (TentacleException.FileExists e) {
            errors.accept("cannot push " + key + ": the remote keeps its copy; run its server with -o (overwrite)");
        } catch (TentacleException.Refused e) {
            errors.accept("cannot push " + key + ": " + e.getMessage());
        }
    }

    private record Kind(String dir, String suffix) {
    }

    private static final List<Kind> AGENT_CONFIGURATION = List.of(new Kind("conf", ".conf"), new Kind("md5", ".md5"));

    /**
     * Copies (RECV, the remote keeps them) the .conf and .md5 files agents uploaded to the remote that
     * the central does not have yet. A central file is never replaced: it is the one the console edits.
     */
    private void copyAgentConfiguration(Link link, RemoteState state) throws TentacleException, IOException {
        for (Kind kind : AGENT_CONFIGURATION) {
            // With filters such as .*\.conf:conf the listing filter picks the remote's conf directory.
            List<String> names;
            try {
                names = link.run("LS", c -> c.list("x" + kind.suffix()));
            } catch (TentacleException.Refused e) {
                continue; // LS ERR: the directory does not exist on the remote, nothing uploaded there yet.
            }
            Path dir = incoming.root().resolve(kind.dir());
            Path copies = incoming.copies(remote);
            for (String name : names) {
                if (stop.isRaised()) {
                    return;
                }
                if (!name.endsWith(kind.suffix()) || SpoolFiles.isTempName(name) || !NameRules.standard().isValid(name)
                    || Files.exists(dir.resolve(name))) {
                    continue;
                }
                Files.createDirectories(dir);
                Files.createDirectories(copies);
                Path staged = copies.resolve(name);
                try {
                    link.run("RECV " + name, c -> c.recv(name, staged));
                } catch (TentacleException.NoSuchFile e) {
                    continue;
                } catch (TentacleException.Refused e) {
                    errors.accept("cannot copy " + kind.dir() + "/" + name + ": " + e.getMessage());
                    continue;
                }
                Path target = dir.resolve(name);
                if (Incoming.link(staged, target)) {
                    copied++;
                    listener.copied(remote, kind.dir() + "/" + name);
                    try {
                        // The remote has this version already: no need to push it back.
                        state.markPushed(kind.dir() + "/" + name, RemoteState.Version.of(target));
                    } catch (NoSuchFileException e) {
                        // Removed at once by someone else: nothing to remember.
                    }
                } else {
                    Files.deleteIfExists(staged);
                }
            }
        }
    }
}
