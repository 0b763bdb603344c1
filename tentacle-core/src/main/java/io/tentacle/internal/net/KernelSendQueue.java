package io.tentacle.internal.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How many bytes of a TCP connection the kernel still holds, sent or not, that the peer has not
 * acknowledged: the {@code tx_queue} of Linux's {@code /proc/net/tcp} and {@code tcp6}. A peer that
 * reads keeps that number falling; one that does not read closes its window and the number stands
 * still. Java has no socket option for it, and the NIO transport, which this library may run on, none either.
 */
public final class KernelSendQueue {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private KernelSendQueue() {}

    /** The bytes not yet acknowledged by the peer; empty where the kernel does not tell (not Linux, socket gone). */
    public static OptionalLong unacknowledged(InetSocketAddress local, InetSocketAddress remote) {
        for (Path table : TABLES) {
            boolean six = table.getFileName().toString().endsWith("6");
            String key = entry(local, six) + " " + entry(remote, six);
            if (key.contains("?")) {
                continue; // An IPv6 address cannot be in the IPv4 table.
            }
            try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    // "  12: 0100007F:1F90 0100007F:C350 01 00001000:00000000 ..."
                    int at = line.indexOf(key);
                    if (at > 0) {
                        String queues = line.substring(at + key.length()).trim().split(" +")[1];
                        return OptionalLong.of(Long.parseLong(queues.substring(0, queues.indexOf(':')), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** An address and port as the table prints them: each 32-bit word in the host's byte order, in hex. */
    static String entry(InetSocketAddress address, boolean six) {
        InetAddress host = address.getAddress();
        byte[] bytes = host.getAddress();
        if (host instanceof Inet4Address && six) {
            bytes = new byte[] {
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, bytes[0], bytes[1], bytes[2], bytes[3]
            };
        } else if (!(host instanceof Inet4Address) && !six) {
            return "?";
        }
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                text.append(String.format(Locale.ROOT, "%02X", bytes[word + (LITTLE_ENDIAN ? 3 - i : i)] & 0xff));
            }
        }
        return text.append(String.format(Locale.ROOT, ":%04X", address.getPort()))
                .toString();
    }
}
