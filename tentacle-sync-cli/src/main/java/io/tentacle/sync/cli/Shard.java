package io.tentacle.sync.cli;

import io.tentacle.sync.Remote;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * This instance's share of {@code sync_address} ({@code sync_shard K/N}): shard {@code number} of
 * {@code count}, numbered from 1.
 *
 * <p>A remote belongs to the shard that gives its address the highest weight (rendezvous hashing):
 * the weight of shard {@code k} is the first 8 bytes of SHA-256 over
 * {@code "shard-weight|" + host:port + "|" + k}, unsigned. Each instance decides alone, from the
 * address only, so every remote has exactly one owner whatever the order of the list; and going from
 * N to N+1 instances moves only the remotes the new shard now wins, about 1/(N+1) of them. The hash is
 * part of the contract between instances of different versions: changing it moves every remote.
 */
record Shard(int number, int count) {
    private static final String FORMS = "K/N (or K-of-N), this instance's number K from 1 to N instances, e.g. 2/4";

    Shard {
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException(
                    "shard " + number + " of " + count + " does not exist: K must be from 1 to N");
        }
    }

    /** {@code K/N} or {@code K-of-N} (a systemd instance name), white space around the numbers tolerated. */
    static Shard parse(String value) {
        return parse(value, 1, FORMS);
    }

    /**
     * {@code I/N} with {@code I} counted from 0, as schedulers number their tasks (a Kubernetes
     * indexed Job's {@code JOB_COMPLETION_INDEX}, a StatefulSet's pod index): shard {@code I + 1}.
     */
    static Shard fromIndex(String value) {
        return parse(value, 0, "I/N, this instance's index I from 0 to N - 1 (JOB_COMPLETION_INDEX), e.g. 1/4");
    }

    private static Shard parse(String value, int base, String forms) {
        String s = value.strip();
        String[] parts = s.split("/|-of-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + s + "' is not " + forms);
        }
        int number;
        int count;
        try {
            number = Integer.parseInt(parts[0].strip());
            count = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not " + forms);
        }
        if (count < 1 || number < base || number > count - 1 + base) {
            String range = base == 0 ? "I must be from 0 to N - 1" : "K must be from 1 to N";
            throw new IllegalArgumentException(
                    "'" + s + "' names no shard: " + range + ", and N at least 1 (" + forms + ")");
        }
        return new Shard(number - base + 1, count);
    }

    /** The items whose address this shard serves, in their order. */
    <T> List<T> select(List<T> items, Function<T, Remote> address) {
        MessageDigest sha = sha256();
        List<T> served = new ArrayList<>();
        for (T item : items) {
            if (owner(sha, address.apply(item), count) == number) {
                served.add(item);
            }
        }
        return served;
    }

    boolean serves(Remote remote) {
        return owner(remote, count) == number;
    }

    /** The shard, from 1 to {@code count}, that serves {@code remote}. */
    static int owner(Remote remote, int count) {
        return owner(sha256(), remote, count);
    }

    private static int owner(MessageDigest sha, Remote remote, int count) {
        String key = key(remote);
        int best = 1;
        long bestWeight = 0;
        for (int k = 1; k <= count; k++) {
            long w = weight(sha, key, k);
            if (k == 1 || Long.compareUnsigned(w, bestWeight) > 0) {
                best = k;
                bestWeight = w;
            }
        }
        return best;
    }

    static long weight(String key, int shard) {
        return weight(sha256(), key, shard);
    }

    private static long weight(MessageDigest sha, String key, int shard) {
        byte[] digest = sha.digest(("shard-weight|" + key + "|" + shard).getBytes(StandardCharsets.UTF_8));
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (digest[i] & 0xff);
        }
        return w;
    }

    /**
     * The address as hashed: {@code host:port} with the host in lower case, without a final dot, an
     * IPv6 address in its full form in brackets. So {@code Site-A.example.} and {@code site-a.example},
     * or {@code [::1]} and {@code [0:0::1]}, go to the same shard, as they reach the same server.
     */
    static String key(Remote remote) {
        String host = remote.host().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0) {
            int percent = host.indexOf('%');
            String address = percent < 0 ? host : host.substring(0, percent);
            String zone = percent < 0 ? "" : host.substring(percent);
            if (address.matches("[0-9a-f:.]+")) {
                try {
                    // Only hex digits, colons and dots: parsed as a literal, never looked up.
                    InetAddress parsed = InetAddress.getByName(address);
                    if (parsed instanceof java.net.Inet4Address && zone.isEmpty()) {
                        return parsed.getHostAddress() + ":" + remote.port(); // ::ffff:a.b.c.d is a.b.c.d
                    }
                    address = parsed.getHostAddress();
                } catch (UnknownHostException e) {
                    // Not a valid address: hashed as written.
                }
            }
            host = "[" + address + zone + "]";
        } else if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host + ":" + remote.port();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return number + "/" + count;
    }
}
