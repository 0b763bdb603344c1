package io.tentacle.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Whose places a connection counts against: its host, whatever its port. An IPv6 host usually has a
 * whole /64 to choose addresses from, so IPv6 clients are grouped by their /64 network; IPv4 (and
 * IPv4-mapped IPv6, which Java already presents as IPv4) count per address.
 */
final class PlaceKey {
    private PlaceKey() {}

    /** The host or /64 network of {@code remote}; a test's embedded channel has no host and is its own key. */
    static Object of(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return remote;
        }
        InetAddress address = inet.getAddress();
        return address instanceof Inet6Address ? network64(address) : address;
    }

    private static InetAddress network64(InetAddress address) {
        byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes); // Without a scope (%eth0): that names our interface, not theirs.
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
