package io.tandem.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualIpTest {

    private static VirtualIp vip(String address, Integer prefix, String device, String broadcast) {
        return new VirtualIp(Ipv4.parse(address).orElseThrow(),
                prefix == null ? OptionalInt.empty() : OptionalInt.of(prefix),
                Optional.ofNullable(device),
                Optional.ofNullable(broadcast).map(text -> Ipv4.parse(text).orElseThrow()));
    }

    @Test
    void readsTheFixturesAddress() {
        assertThat(VirtualIp.parse("10.10.10.100/24/eth1")).isEqualTo(vip("10.10.10.100", 24, "eth1", null));
    }

    @Test
    void leavesNetmaskAndInterfaceToTheRoutesWhenOnlyTheAddressIsGiven() {
        assertThat(VirtualIp.parse("135.9.8.7")).isEqualTo(vip("135.9.8.7", null, null, null));
    }

    @Test
    void dropsTheInterfaceLabelOfTheSeed() {
        assertThat(VirtualIp.parse("192.168.8.100/24/eth0:0")).isEqualTo(vip("192.168.8.100", 24, "eth0", null));
    }

    @Test
    void readsADottedNetmaskAsAPrefixLength() {
        assertThat(VirtualIp.parse("10.0.0.1/255.255.255.0").prefixLength()).hasValue(24);
        assertThat(VirtualIp.parse("10.0.0.1/255.255.240.0").prefixLength()).hasValue(20);
    }

    @Test
    void readsANumericThirdPartAsTheBroadcastAsIpaddrDoes() {
        assertThat(VirtualIp.parse("135.9.8.7/24/135.9.8.255")).isEqualTo(vip("135.9.8.7", 24, null, "135.9.8.255"));
    }

    @Test
    void readsAllFourParts() {
        assertThat(VirtualIp.parse("135.9.216.3/28/eth0/135.9.216.15"))
                .isEqualTo(vip("135.9.216.3", 28, "eth0", "135.9.216.15"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/32", "10.0.0.0/31", "10.0.0.1/31", "127.0.0.2/8", "10.0.0.1/32/lo"})
    void acceptsHostRoutesAndPointToPointPrefixes(String argument) {
        assertThat(VirtualIp.parse(argument).toIpaddrArgument()).isEqualTo(argument);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "''                                | empty part",
        "10.0.0                            | not an IPv4 address",
        "10.0.0.256                        | not an IPv4 address",
        "010.0.0.1                         | not an IPv4 address",
        "host.example.com                  | not an IPv4 address",
        "10.0.0.1/33                       | from 1 to 32",
        "10.0.0.1/0                        | from 1 to 32",
        "10.0.0.1/255.0.255.0              | not a run of ones",
        "10.0.0.1/eth0                     | neither a prefix length",
        "10.0.0.1//eth0                    | empty part",
        "10.0.0.1/24/                      | empty part",
        "10.0.0.1/24/eth0/10.0.0.255/x     | more than four parts",
        "10.0.0.1/24/10.0.0.255/eth0       | nothing may follow",
        "10.0.0.1/24/averyveryverylongname | not an interface name",
        "10.0.0.1/24/eth0/bcast            | broadcast \"bcast\" is not an IPv4 address",
        "10.0.0.1/24/eth0/10.0.1.255       | is not the broadcast address of 10.0.0.0/24 (10.0.0.255)",
        "135.9.216.3/28/eth0/135.9.216.12  | is not the broadcast address of 135.9.216.0/28 (135.9.216.15)",
        "10.0.0.0/24                       | the network address of 10.0.0.0/24",
        "10.0.0.255/24                     | the broadcast address of 10.0.0.0/24",
        "224.0.0.1                         | cannot be a service address",
        "0.0.0.0                           | cannot be a service address",
        "255.255.255.255                   | cannot be a service address",
        "240.0.0.1                         | cannot be a service address",
    })
    void refusesWhatIpaddrCannotUseAndSaysWhy(String argument, String expected) {
        assertThatThrownBy(() -> VirtualIp.parse(argument))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void givesTheAcceptedFormWhenThePartsAreWrong() {
        assertThatThrownBy(() -> VirtualIp.parse("10.0.0.1//eth0"))
                .hasMessageContaining("ip[/cidr[/nic[/broadcast]]]");
    }

    @Test
    void writesTheArgumentBackInIpaddrsForm() {
        assertThat(VirtualIp.parse("10.10.10.100/255.255.255.0/eth1:3/10.10.10.255").toIpaddrArgument())
                .isEqualTo("10.10.10.100/24/eth1/10.10.10.255");
    }

    @Test
    void refusesImpossibleValuesInTheConstructor() {
        assertThatThrownBy(() -> vip("10.0.0.1", 0, null, null)).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> vip("10.0.0.1", 24, "eth0:1", null)).hasMessageContaining("interface name");
    }
}
