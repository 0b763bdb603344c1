package io.tentacle.sync;

import io.tentacle.internal.storage.FileNames;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Pandora FMS names an agent's files. The data server reads only names matching
 * {@code ^(.*)[\._]\d+\.data$} and takes the captured part as the agent key. The Unix agent's key is
 * the md5 (lowercase hex) of its agent name, {@code <md5>.<epoch>.data}; the Windows agent's is the
 * agent name itself, {@code <name>.<rand>.data}. Both agents name their configuration after the md5
 * of the agent name's bytes: {@code <md5>.conf} and {@code <md5>.md5}.
 */
final class AgentKey {
    private static final Pattern DATA_FILE = Pattern.compile("(.*)[._]\\d+\\.data");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private AgentKey() {}

    /** The agent key of a name the data server reads; empty for any other name ({@code _BADXML} leftovers ...). */
    static Optional<String> ofDataFile(String name) {
        Matcher m = DATA_FILE.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static boolean isDataFile(String name) {
        return DATA_FILE.matcher(name).matches();
    }

    /**
     * The configuration names ({@code <key>.conf}, without the suffix) an agent key may stand for:
     * the md5 of the key (a Windows agent's name), and the key itself when it already is an md5 (a Unix
     * agent). A Windows agent whose name is 32 hex digits gives both; the one without a conf is inert.
     */
    static Set<String> configurationKeys(String agentKey) {
        Set<String> keys = new LinkedHashSet<>();
        if (MD5_HEX.matcher(agentKey).matches()) {
            keys.add(agentKey);
        }
        keys.add(md5Hex(agentKey));
        return keys;
    }

    /**
     * The md5 of a name as the agent computes it, over the name's bytes as they are on the wire: a
     * wire name holds one char per byte ({@link io.tentacle.internal.storage.FileNames}), so a Windows agent's
     * ISO-8859-1 name hashes as its own bytes, a Unix agent's UTF-8 name as its own.
     */
    static String md5Hex(String wireName) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(FileNames.bytes(wireName)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
