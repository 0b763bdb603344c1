package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Whose places a connection counts against. */
class PlaceKeyTest {

    private static Object key(String host, int port) throws Exception {
        return PlaceKey.of(new InetSocketAddress(InetAddress.getByName(host), port));
    }

    @Test
    void ipv6AddressesOfOneSlash64AreOneHost() throws Exception {
        assertThat(key("2001:db8:1:2::1", 1000))
                .isEqualTo(key("2001:db8:1:2:ffff:eeee:dddd:cccc", 2000))
                .isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
        assertThat(key("2001:db8:1:2::1", 1000)).isNotEqualTo(key("2001:db8:1:3::1", 1000));
    }

    @Test
    void ipv4CountsPerAddressWhateverThePortAndMappedIpv6IsIpv4() throws Exception {
        assertThat(key("192.0.2.1", 1000)).isEqualTo(key("192.0.2.1", 2000)).isEqualTo(key("::ffff:192.0.2.1", 3000));
        assertThat(key("192.0.2.1", 1000)).isNotEqualTo(key("192.0.2.2", 1000));
    }

    @Test
    void aLinkLocalAddressLosesItsScope() throws Exception {
        assertThat(key("fe80::1%1", 1000)).isEqualTo(key("fe80::2", 1000));
    }
}
