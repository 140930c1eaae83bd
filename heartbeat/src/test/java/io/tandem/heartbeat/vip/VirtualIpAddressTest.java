package io.tandem.heartbeat.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.heartbeat.config.VirtualIp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VirtualIpAddressTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final FakeIp ip = new FakeIp().with("eth1", "10.10.10.20/24");

    private VirtualIpAddress vip(String argument) {
        return new VirtualIpAddress(VirtualIp.parse(argument), ip);
    }

    @Test
    void addsTheAddressWithIpAddrAndLetsIpComputeTheBroadcast() throws Exception {
        AddedAddress added = vip("10.10.10.100/24/eth1").add(TIMEOUT);

        assertThat(added).isEqualTo(new AddedAddress(entry("eth1", "10.10.10.100", 24), true));
        assertThat(ip.changes()).containsExactly(
                List.of("ip", "-4", "addr", "add", "10.10.10.100/24", "brd", "+", "dev", "eth1"));
        assertThat(ip.commands).noneMatch(command -> command.contains("ifconfig"));
    }

    @Test
    void passesAConfiguredBroadcast() throws Exception {
        vip("10.10.10.100/24/eth1/10.10.10.255").add(TIMEOUT);

        assertThat(ip.changes()).containsExactly(
                List.of("ip", "-4", "addr", "add", "10.10.10.100/24", "brd", "10.10.10.255", "dev", "eth1"));
    }

    @Test
    void addingAnAddressThatIsAlreadyThereChangesNothing() throws Exception {
        ip.with("eth1", "10.10.10.100/24");

        AddedAddress added = vip("10.10.10.100/24/eth1").add(TIMEOUT);

        assertThat(added.wasAbsent()).isFalse();
        assertThat(ip.changes()).isEmpty();
        assertThat(ip.addresses).containsOnlyOnce(entry("eth1", "10.10.10.100", 24));
    }

    @Test
    void refusesToAddAnAddressConfiguredOnAnotherInterface() {
        ip.with("eth2", "10.10.10.100/24");

        assertThatThrownBy(() -> vip("10.10.10.100/24/eth1").add(TIMEOUT))
                .isInstanceOf(AddressConflictException.class)
                .hasMessageContaining("10.10.10.100/24 on eth2")
                .hasMessageContaining("10.10.10.100/24/eth1");
        assertThat(ip.changes()).isEmpty();
    }

    @Test
    void refusesToAddAnAddressConfiguredWithAnotherPrefix() {
        ip.with("eth1", "10.10.10.100/16");

        assertThatThrownBy(() -> vip("10.10.10.100/24/eth1").add(TIMEOUT)).isInstanceOf(AddressConflictException.class);
        assertThat(ip.changes()).isEmpty();
    }

    @Test
    void findsALeftOutInterfaceAndPrefixFromTheMostSpecificConnectedRoute() throws Exception {
        ip.routes = """
                10.10.0.0/16 dev eth2 proto kernel scope link src 10.10.0.1
                10.10.10.0/24 dev eth1 proto kernel scope link src 10.10.10.20
                """;

        AddedAddress added = vip("10.10.10.100").add(TIMEOUT);

        assertThat(added.address()).isEqualTo(entry("eth1", "10.10.10.100", 24));
        assertThat(ip.commands).contains(
                List.of("ip", "-4", "-o", "route", "list", "match", "10.10.10.100", "scope", "link"));
    }

    @Test
    void findsALeftOutInterfaceForTheConfiguredPrefix() throws Exception {
        ip.routes = "10.10.10.0/24 dev eth1 proto kernel scope link src 10.10.10.20\n";

        assertThat(vip("10.10.10.100/25").resolve(TIMEOUT)).isEqualTo(entry("eth1", "10.10.10.100", 25));
        assertThat(ip.commands).contains(
                List.of("ip", "-4", "-o", "route", "list", "match", "10.10.10.100/25", "scope", "link"));
    }

    @Test
    void findsALeftOutPrefixOnTheConfiguredInterfaceOnly() throws Exception {
        ip.routes = """
                10.10.10.0/24 dev eth1 proto kernel scope link src 10.10.10.20
                10.10.10.0/26 dev eth2 proto kernel scope link src 10.10.10.1
                """;

        assertThat(vip("10.10.10.10/255.255.255.0/eth1").resolve(TIMEOUT)).isEqualTo(entry("eth1", "10.10.10.10", 24));
        assertThat(new VirtualIpAddress(new VirtualIp(IpCommandTest.ip("10.10.10.10"), OptionalInt.empty(),
                Optional.of("eth1"), Optional.empty()), ip).resolve(TIMEOUT))
                .isEqualTo(entry("eth1", "10.10.10.10", 24));
    }

    @Test
    void namesTheFixWhenNoConnectedRouteReachesAnAddressWithoutInterface() {
        ip.routes = "";

        assertThatThrownBy(() -> vip("192.168.50.7").add(TIMEOUT))
                .isInstanceOf(NoConnectedRouteException.class)
                .hasMessageContaining("no directly connected route reaches 192.168.50.7")
                .hasMessageContaining("IPaddr::192.168.50.7/24/eth0");
        assertThat(ip.changes()).isEmpty();
    }

    @Test
    void removesTheAddressWithThePrefixItHas() throws Exception {
        ip.with("eth1", "10.10.10.100/24");

        List<InterfaceAddress> removed = vip("10.10.10.100").remove(TIMEOUT);

        assertThat(removed).containsExactly(entry("eth1", "10.10.10.100", 24));
        assertThat(ip.changes()).containsExactly(List.of("ip", "-4", "addr", "del", "10.10.10.100/24", "dev", "eth1"));
        assertThat(ip.addresses).containsExactly(entry("eth1", "10.10.10.20", 24));
    }

    @Test
    void removingAnAbsentAddressChangesNothing() throws Exception {
        assertThat(vip("10.10.10.100/24/eth1").remove(TIMEOUT)).isEmpty();
        assertThat(ip.changes()).isEmpty();
    }

    @Test
    void removesOnlyFromTheConfiguredInterface() throws Exception {
        ip.with("eth2", "10.10.10.100/24");

        assertThat(vip("10.10.10.100/24/eth1").remove(TIMEOUT)).isEmpty();
        assertThat(ip.addresses).contains(entry("eth2", "10.10.10.100", 24));
    }

    @Test
    void isPresentOnlyWhenConfiguredExactlyOnceAsTheResourceSays() throws Exception {
        VirtualIpAddress vip = vip("10.10.10.100/24/eth1");
        assertThat(vip.isPresent(TIMEOUT)).isFalse();

        ip.with("eth1", "10.10.10.100/24");
        assertThat(vip.isPresent(TIMEOUT)).isTrue();

        ip.with("eth2", "10.10.10.100/24");
        assertThatThrownBy(() -> vip.isPresent(TIMEOUT)).isInstanceOf(AddressConflictException.class)
                .hasMessageContaining("10.10.10.100/24 on eth1, 10.10.10.100/24 on eth2");
    }

    @Test
    void reportsAnIpCommandThatRunsPastTheTimeout() {
        ip.hangOn = List.of("ip", "-4", "-o", "addr");

        assertThatThrownBy(() -> vip("10.10.10.100/24/eth1").add(TIMEOUT))
                .isInstanceOfSatisfying(IpCommandFailedException.class, e -> assertThat(e.isTimedOut()).isTrue())
                .hasMessageContaining("cannot list addresses within 5000 ms");
    }

    @Test
    void reportsAFailedAddWithIpsMessage() {
        ip.addError = "Error: Nexthop device is not up.";

        assertThatThrownBy(() -> vip("10.10.10.100/24/eth1").add(TIMEOUT))
                .isInstanceOf(IpCommandFailedException.class)
                .hasMessageContaining("cannot add 10.10.10.100/24 on eth1")
                .hasMessageContaining("Nexthop device is not up");
    }

    private static InterfaceAddress entry(String device, String address, int prefix) {
        return new InterfaceAddress(device, IpCommandTest.ip(address), prefix);
    }
}
