package io.tentacle.internal.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hidden names a file takes while an MV sends it: {@code .tentacle.mv.<8 hex>.<name>}. Hidden,
 * so no listing shows it and no second MV finds it; not a temp name, so no sweep deletes it; and it
 * carries the name, so a restart can put it back.
 */
final class MovedFiles {
    static final String PREFIX = ".tentacle.mv.";
    private static final int TAG = 8;
    /** The longest name that fits a claimed name within 255 bytes. */
    static final int MAX_NAME_BYTES = 255 - PREFIX.length() - TAG - 1;

    private MovedFiles() {}

    static String claimedName(String name) throws IOException {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IOException("the name is longer than the " + MAX_NAME_BYTES + " bytes a moved file may have");
        }
        return PREFIX + tag() + "." + name;
    }

    static boolean isClaimedName(String fileName) {
        return fileName.startsWith(PREFIX)
                && fileName.length() > PREFIX.length() + TAG + 1
                && fileName.charAt(PREFIX.length() + TAG) == '.';
    }

    static String originalName(String claimedName) {
        return claimedName.substring(PREFIX.length() + TAG + 1);
    }

    /**
     * Gives a claimed file its name back; when a new file took the name meanwhile, both are kept and
     * the returned one gets a free name that Pandora's data server reads as the same agent's
     * ({@link FreeNames}). Returns the name it now has.
     */
    static String putBack(SpoolDirectory directory, String claimedName) throws IOException {
        return FreeNames.store(originalName(claimedName), rename(directory, claimedName));
    }

    /** Gives a claimed file a free name beside its own, which is taken or about to be. Returns that name. */
    static String putBeside(SpoolDirectory directory, String claimedName) throws IOException {
        return FreeNames.storeBeside(originalName(claimedName), rename(directory, claimedName));
    }

    private static FreeNames.Attempt rename(SpoolDirectory directory, String claimedName) {
        return candidate -> {
            try {
                directory.renameUnlessTaken(claimedName, candidate);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        };
    }

    private static String tag() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
