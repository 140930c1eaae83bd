package io.tandem.heartbeat.vip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class IpCommandTest {

    // Captured from iproute2 6.1 (bookworm), with a label, a secondary, a peer address and a veth name.
    private static final String ADDRESSES = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            3: eth1    inet 10.10.10.20/24 brd 10.10.10.255 scope global eth1\\       valid_lft forever preferred_lft forever
            3: eth1    inet 10.10.10.100/24 brd 10.10.10.255 scope global secondary eth1:0\\       valid_lft forever preferred_lft forever
            4: ppp0    inet 10.64.0.1 peer 10.64.0.2/32 scope global ppp0\\       valid_lft forever preferred_lft forever
            5: v0@if6    inet 192.168.7.1/30 scope global v0\\       valid_lft forever preferred_lft forever
            """;

    @Test
    void readsEveryAddressWithItsInterfaceAndPrefix() {
        assertThat(IpCommand.parseAddresses(ADDRESSES)).containsExactly(
                new InterfaceAddress("lo", ip("127.0.0.1"), 8),
                new InterfaceAddress("eth1", ip("10.10.10.20"), 24),
                new InterfaceAddress("eth1", ip("10.10.10.100"), 24),
                new InterfaceAddress("ppp0", ip("10.64.0.1"), 32),
                new InterfaceAddress("v0", ip("192.168.7.1"), 30));
    }

    @Test
    void skipsLinesItDoesNotUnderstand() {
        assertThat(IpCommand.parseAddresses("")).isEmpty();
        assertThat(IpCommand.parseAddresses("Device \"eth9\" does not exist.\n")).isEmpty();
        assertThat(IpCommand.parseAddresses("3: eth1    inet 300.1.1.1/24 scope global eth1\n")).isEmpty();
    }

    @Test
    void readsConnectedRoutesAsFindifDoes() {
        String routes = """
                default dev eth0 scope link
                10.10.10.0/24 dev eth1 proto kernel src 10.10.10.20
                10.10.0.0/16 dev eth2 proto kernel scope link src 10.10.0.1
                blackhole 10.99.0.0/16
                10.20.30.40 dev eth3 scope link
                """;

        assertThat(IpCommand.parseRoutes(routes)).containsExactly(
                new IpCommand.ConnectedRoute(ip("10.10.10.0"), 24, "eth1"),
                new IpCommand.ConnectedRoute(ip("10.10.0.0"), 16, "eth2"));
    }

    @Test
    void readsDottedQuadsWithoutAResolver() {
        assertThat(IpCommand.parseIpv4("10.0.0.255")).hasValue(ip("10.0.0.255"));
        assertThat(IpCommand.parseIpv4("256.0.0.1")).isEmpty();
        assertThat(IpCommand.parseIpv4("localhost")).isEmpty();
        assertThat(IpCommand.parseIpv4("1.2.3")).isEmpty();
    }

    static Inet4Address ip(String text) {
        return IpCommand.parseIpv4(text).orElseThrow();
    }
}
