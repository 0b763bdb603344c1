package io.tentacle.internal.storage;

import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A free name for a data file whose name is taken, so that nothing already stored is ever replaced.
 * Pandora's data server reads only names matching {@code ^(.*)[._]\d+\.data$}, the captured part being
 * the agent key; such a name keeps its key by extending its number with digits:
 * {@code md5.1764600000.data} becomes {@code md5.17646000001.data}, then {@code ...2.data}, ...
 * {@code ...10.data}. Any other name gets {@code -<n>} before its last extension ({@code report.xml}
 * becomes {@code report-1.xml}, {@code README} {@code README-1}): a {@code -} before the number keeps a
 * name the data server does not read from becoming one it reads.
 */
public final class FreeNames {
    private static final Pattern DATA_FILE = Pattern.compile("(.*[._]\\d+)(\\.data)");
    /** Past this many taken alternatives something is wrong; an error says so rather than trying forever. */
    static final int MAX_ALTERNATIVES = 10_000;

    private FreeNames() {}

    /** Gives a file one name if that name is free; false, with nothing changed, when it is taken. */
    @FunctionalInterface
    public interface Attempt {
        boolean tryName(String name) throws IOException;
    }

    /** The {@code n}th alternative (from 1) to {@code name}. */
    public static String alternative(String name, int n) {
        Matcher data = DATA_FILE.matcher(name);
        if (data.matches()) {
            return data.group(1) + n + data.group(2);
        }
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
    }

    /**
     * Stores a file through {@code attempt} under {@code name} or, when that is taken, the first free
     * alternative; returns the name it got. Names are wire names (one char a byte, see
     * {@link FileNames}), so a name's length is its length in bytes.
     */
    public static String store(String name, Attempt attempt) throws IOException {
        return store(name, 0, attempt);
    }

    /** As {@link #store}, for a file that may not take {@code name} itself: alternatives only. */
    public static String storeBeside(String name, Attempt attempt) throws IOException {
        return store(name, 1, attempt);
    }

    private static String store(String name, int first, Attempt attempt) throws IOException {
        for (int n = first; n <= MAX_ALTERNATIVES; n++) {
            String candidate = n == 0 ? name : alternative(name, n);
            if (candidate.length() > NameRules.MAX_NAME_BYTES) {
                throw new FileAlreadyExistsException(
                        name,
                        null,
                        "the name is taken and no free name fits in " + NameRules.MAX_NAME_BYTES + " bytes");
            }
            if (attempt.tryName(candidate)) {
                return candidate;
            }
        }
        throw new FileAlreadyExistsException(
                name, null, "the name and its first " + MAX_ALTERNATIVES + " alternatives are all taken");
    }
}
