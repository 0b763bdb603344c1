package io.tentacle.sync;

import io.tentacle.client.TentacleException;
import io.tentacle.sync.CentralConfiguration.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The central is master, checked rather than remembered: for every unit a remote should hold, the
 * remote's copy of the md5 file (a few bytes; the payload itself for a unit without one) is fetched
 * and compared with the central's, and whatever differs or is missing is pushed, the payload before
 * its md5. A wiped or replaced remote is therefore repaired in one pass, and an agent never sees a new
 * md5 beside an old payload. Where the remote can ({@link RemoteFiles#copyAll}), all its md5 files come
 * in a few round trips instead of two per agent: on a far link, thousands of agents are then checked
 * in seconds instead of hours; and what differs goes the same way ({@link RemoteFiles#putAll}): every
 * payload in one go, then their md5s.
 */
final class MasterCheck {
    /** The server's {@code -m} default, the same in the reference and ours. */
    static final long DEFAULT_REMOTE_MAX_SIZE = 2_000_000;
    /** An md5 file is 32 hex digits and maybe a newline; a larger one differs from the central's anyway. */
    private static final long MD5_FILE_MAX = 4096;

    private final Remote remote;
    private final Path scratch;
    private final SyncListener listener;
    private final StopSignal stop;
    private final Consumer<String> errors;
    private int pushed;
    private long pushedBytes;
    /** The remote's md5 files, copied at once on the first need; null before, or when it cannot copy. */
    private Path md5Copies;

    private boolean triedCopy;

    MasterCheck(Remote remote, Path scratch, SyncListener listener, StopSignal stop, Consumer<String> errors) {
        this.remote = remote;
        this.scratch = scratch;
        this.listener = listener;
        this.stop = stop;
        this.errors = errors;
    }

    int pushed() {
        return pushed;
    }

    long pushedBytes() {
        return pushedBytes;
    }

    /**
     * @param remoteConfs the {@code .conf} names the remote lists: an agent's conf missing there is
     *     pushed even when its md5 matches
     */
    void run(RemoteFiles files, List<Unit> units, Set<String> remoteConfs) throws IOException {
        Files.createDirectories(scratch);
        List<Unit> differing = new ArrayList<>();
        for (Unit unit : units) {
            if (stop.isRaised()) {
                return;
            }
            boolean payloadMissing = unit.agentKey() != null && !remoteConfs.contains(unit.name());
            if (payloadMissing || !remoteMatches(files, unit)) {
                differing.add(unit);
            }
        }
        if (!pushTogether(files, differing)) {
            for (Unit unit : differing) {
                if (stop.isRaised()) {
                    return;
                }
                push(files, unit);
            }
        }
    }

    /**
     * Where the remote can put many files at once ({@link RemoteFiles#putAll}): every payload, then the
     * md5 of each payload taken, so still never a new md5 beside an old payload. False when it cannot.
     */
    private boolean pushTogether(RemoteFiles files, List<Unit> units) throws IOException {
        if (units.isEmpty()) {
            return true;
        }
        Optional<List<Unit>> taken = sendTogether(
                files,
                units,
                Unit::payload,
                Unit::label,
                u -> u.md5() == null ? "" : "; " + u.md5Label() + " not pushed");
        if (taken.isEmpty()) {
            return false;
        }
        List<Unit> withMd5 = taken.get().stream().filter(u -> u.md5() != null).toList();
        if (sendTogether(files, withMd5, Unit::md5, Unit::md5Label, u -> "").isEmpty()) {
            for (Unit unit : withMd5) {
                send(files, unit.md5(), unit.md5Label(), "");
            }
        }
        return true;
    }

    /** Sends one file of each unit in one go; the units whose file was taken, or empty when the remote cannot. */
    private Optional<List<Unit>> sendTogether(
            RemoteFiles files,
            List<Unit> units,
            Function<Unit, Path> fileOf,
            Function<Unit, String> labelOf,
            Function<Unit, String> consequenceOf)
            throws IOException {
        List<Unit> sendable = new ArrayList<>();
        List<RemoteFiles.Put> puts = new ArrayList<>();
        for (Unit unit : units) {
            Path file = fileOf.apply(unit);
            long size = sizeOf(file, labelOf.apply(unit), consequenceOf.apply(unit));
            if (size > 0) {
                sendable.add(unit);
                puts.add(new RemoteFiles.Put(file, file.getFileName().toString(), size));
            }
        }
        if (puts.isEmpty()) {
            return Optional.of(List.of());
        }
        Optional<List<String>> outcomes;
        try {
            outcomes = files.putAll(puts, scratch);
        } catch (RemoteFiles.Refused e) {
            listener.problem(
                    remote, "cannot put the configuration together, pushing it file by file: " + e.getMessage());
            return Optional.empty();
        }
        if (outcomes.isEmpty()) {
            return Optional.empty();
        }
        if (outcomes.get().size() != puts.size()) {
            throw new IllegalStateException(outcomes.get().size() + " outcomes for " + puts.size() + " files");
        }
        List<Unit> taken = new ArrayList<>();
        for (int i = 0; i < outcomes.get().size(); i++) {
            Unit unit = sendable.get(i);
            long size = puts.get(i).size();
            String refusal = outcomes.get().get(i);
            if (refusal == null) {
                taken.add(unit);
                pushed++;
                pushedBytes += size;
                listener.pushed(remote, labelOf.apply(unit), size);
            } else {
                errors.accept("cannot push " + labelOf.apply(unit) + " (" + size + " bytes): " + refusal
                        + consequenceOf.apply(unit));
            }
        }
        return Optional.of(taken);
    }

    /** A file's size, 0 when it cannot be sent (gone since it was read, or empty: said so). */
    private long sizeOf(Path file, String label, String consequence) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return 0; // Removed on the central since it was read: the next pass sees what is left.
        }
        if (size == 0) {
            errors.accept(
                    "cannot push " + label + ": it is empty and Tentacle cannot transfer an empty file" + consequence);
        }
        return size;
    }

    /** Fetches the remote's md5 file (or the payload, for a unit without one) and compares it byte for byte. */
    private boolean remoteMatches(RemoteFiles files, Unit unit) throws IOException {
        Path central = unit.md5() != null ? unit.md5() : unit.payload();
        String name = central.getFileName().toString();
        if (unit.md5() != null && copiedMd5s(files)) {
            Path copy = md5Copies.resolve(name);
            try {
                return Files.isRegularFile(copy) && Files.mismatch(copy, central) == -1L;
            } catch (java.nio.file.NoSuchFileException e) {
                return true; // Removed on the central meanwhile: the next pass sees what is left.
            }
        }
        Path copy = scratch.resolve(name);
        try {
            return files.fetch(name, copy) && Files.mismatch(copy, central) == -1L;
        } catch (RemoteFiles.Refused e) {
            errors.accept(
                    "cannot check " + (unit.md5() != null ? unit.md5Label() : unit.label()) + ": " + e.getMessage());
            return true; // Not pushed blind: the same refusal would follow.
        } catch (java.nio.file.NoSuchFileException e) {
            return true; // Removed on the central meanwhile: the next pass sees what is left.
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Copies all of the remote's md5 files once, where it can; false when each is to be fetched by name. */
    private boolean copiedMd5s(RemoteFiles files) throws IOException {
        if (!triedCopy) {
            triedCopy = true;
            Path target = scratch.resolve(".remote-md5");
            removeCopies(target); // What a killed pass left.
            try {
                if (files.copyAll(".md5", MD5_FILE_MAX, target)) {
                    md5Copies = target;
                }
            } catch (RemoteFiles.Refused e) {
                listener.problem(
                        remote, "cannot copy the remote's md5 files, checking them one by one: " + e.getMessage());
            }
        }
        return md5Copies != null;
    }

    /** Removes the copies of the remote's md5 files: the next exchange copies them again. */
    void forgetCopies() {
        if (triedCopy) {
            try {
                removeCopies(scratch.resolve(".remote-md5"));
            } catch (IOException e) {
                // Removed at the next exchange's first need.
            }
            md5Copies = null;
            triedCopy = false;
        }
    }

    /** The copies' directory holds only files this check copied there (and their temp files). */
    private static void removeCopies(Path copies) throws IOException {
        if (!Files.isDirectory(copies)) {
            return;
        }
        try (var entries = Files.list(copies)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(entry);
            }
        }
        Files.deleteIfExists(copies);
    }

    /** The payload, then its md5 only if the payload was taken: never a new md5 beside an old payload. */
    private void push(RemoteFiles files, Unit unit) throws IOException {
        String md5Note = unit.md5() == null ? "" : "; " + unit.md5Label() + " not pushed";
        if (send(files, unit.payload(), unit.label(), md5Note) && unit.md5() != null) {
            send(files, unit.md5(), unit.md5Label(), "");
        }
    }

    /**
     * The reference tentacle_server drops the connection when it cannot open the file it is sent,
     * which is what happens when the directory its filter names for it does not exist.
     */
    private static String likelyCause(String label) {
        int slash = label.indexOf('/');
        if (slash <= 0) {
            return "";
        }
        String dir = label.substring(0, slash);
        return "; a reference tentacle_server does this when its storage directory has no " + dir + "/ subdirectory"
                + " (it does not create its filters' directories): create " + dir + "/ there";
    }

    private boolean send(RemoteFiles files, Path file, String label, String consequence) throws IOException {
        String name = file.getFileName().toString();
        long size = sizeOf(file, label, consequence);
        if (size == 0) {
            return false;
        }
        try {
            files.put(file, name);
        } catch (RemoteFiles.Refused e) {
            errors.accept("cannot push " + label + " (" + size + " bytes): " + e.getMessage() + consequence);
            return false;
        } catch (TentacleException.ConnectionLost e) {
            throw new TentacleException.ConnectionLost(
                    "cannot push " + label + ": " + e.getMessage() + likelyCause(label), e);
        }
        pushed++;
        pushedBytes += size;
        listener.pushed(remote, label, size);
        return true;
    }
}
