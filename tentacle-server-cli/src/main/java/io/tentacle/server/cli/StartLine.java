package io.tentacle.server.cli;

import io.tentacle.BuildVersion;
import io.tentacle.internal.net.Transport;
import io.tentacle.server.ServerConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** The line that says what a started server does: where it listens, where files go, what is enabled. */
final class StartLine {
    private StartLine() {}

    static String describe(LaunchPlan plan, List<String> listening, Transport transport) {
        return "tentacle-server " + version() + " started: " + settings(plan, listening) + "; transport " + transport;
    }

    static String settings(LaunchPlan plan, List<String> listening) {
        return "listening on " + String.join(", ", listening) + "; " + String.join("; ", plan.features());
    }

    /** Where a server would listen, before it is bound: in the words the start line uses once it is. */
    static List<String> planned(ServerConfig config) {
        if (config.addresses().isEmpty()) {
            // The wildcard socket is IPv6, taking IPv4 too, unless the JVM is told to stay on IPv4.
            return List.of((Boolean.getBoolean("java.net.preferIPv4Stack") ? "0.0.0.0" : "[::]") + ":" + config.port());
        }
        return config.addresses().stream().map(a -> address(a, config.port())).toList();
    }

    static String address(InetSocketAddress bound) {
        return address(bound.getAddress(), bound.getPort());
    }

    static String address(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = address.isAnyLocalAddress() ? "::" : host.replaceAll("%.*$", "");
            return "[" + host + "]:" + port;
        }
        return host + ":" + port;
    }

    static String version() {
        return BuildVersion.get();
    }
}
